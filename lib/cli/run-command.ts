// Dispatch of the `edgewise` command. Each subcommand calls the same lib/ functions the web app calls
// (directly, or through the server's HTTP API with a token).
//
// Startup cost matters: `edgewise --help` must not load the app. bin/edgewise.mjs answers help
// from help.mjs before it even loads tsx; this module imports only help.mjs and node builtins,
// a command's module (and with it zod, Prisma, pg) is imported when that command runs, and the
// database is opened only for a command that needs it.
import { UsageError } from "./args";
import { commands } from "./commands";
import { commandHelp, EXIT, helpFor } from "./help.mjs";

/** One command line, start to end: its exit status (main.ts exits with it; tests call it in-process). */
export async function runCommand(argv: string[]): Promise<number> {
  const asked = helpFor(argv);
  if (asked) {
    (asked.stderr ? console.error : console.log)(asked.text);
    return asked.exit;
  }
  const [name, ...rest] = argv;
  const command = commands[name];
  let stopDatabase: (() => Promise<void>) | null = null;
  try {
    const mod = await command.load();
    if (command.database === "always" || (command.database === "local" && !(await hasToken(rest)))) {
      const { ensureDatabase } = await import("@/lib/db/bootstrap");
      const { disconnect } = await import("@/lib/db/client");
      const database = await ensureDatabase();
      stopDatabase = async () => {
        await disconnect();
        await database?.stop();
      };
    }
    return await mod.run(rest);
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(`edgewise ${name}: ${err.message}\n\n${commandHelp[name]}`);
      return EXIT.usage;
    }
    console.error(`edgewise ${name}: ${(err as Error).message}`);
    return EXIT.failed;
  } finally {
    await stopDatabase?.();
  }
}

async function hasToken(argv: string[]): Promise<boolean> {
  const { remoteFrom } = await import("./remote");
  const i = argv.indexOf("--token");
  const inline = argv.find((a) => a.startsWith("--token="));
  return remoteFrom({ token: i >= 0 ? argv[i + 1] : inline?.slice("--token=".length) }) !== null;
}

