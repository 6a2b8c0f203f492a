import fs from "node:fs";
import readline from "node:readline";
import { ingestBatchOutput, writeBatchRequests } from "@/lib/scoring/batch";
import { cliActor, parse, readableFile, UsageError, userPath } from "./args";
import { dbId } from "@/lib/db/ids";

const runId = dbId;

// Batch files work on the database directly, also when a token is set (main.ts opens it).
export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, {
    run: { type: "string" },
    out: { type: "string" },
    json: { type: "boolean" },
    help: { type: "boolean", short: "h" },
    token: { type: "string" },
    url: { type: "string" },
  });
  const [action, ...files] = positionals;
  if (action !== "export" && action !== "import") throw new UsageError('give "export" or "import"');
  if (action === "export" && (files.length || !values.run)) throw new UsageError("export takes --run ID and no file");
  if (action === "import" && (files.length !== 1 || !values.run)) throw new UsageError("import takes --run ID and exactly one FILE");
  const id = runId.safeParse(values.run);
  if (!id.success) throw new UsageError("--run must be a run id");
  if (action === "export") return exportRequests(id.data, values.out, values.json ?? false);
  return importOutput(id.data, files[0] === "-" ? "-" : readableFile(files[0]), values.json ?? false);
}

async function exportRequests(run: number, outFile: string | undefined, json: boolean): Promise<number> {
  const out = outFile ? fs.createWriteStream(userPath(outFile)) : process.stdout;
  const report = await writeBatchRequests(run, out);
  if (outFile) await new Promise<void>((resolve, reject) => (out as fs.WriteStream).end((err?: Error | null) => (err ? reject(err) : resolve())));
  const { target, teacher, judge } = report.requests;
  if (json) {
    // The requests may be on stdout: the summary goes beside them only when they are in a file.
    (outFile ? console.log : console.error)(JSON.stringify(report));
    return 0;
  }
  console.error(
    `run #${run}: ${report.lines} requests (${target} target, ${teacher} teacher, ${judge} judge) for ${report.samples} samples` +
      (report.settled ? `; ${report.settled} candidates needed nothing more and were settled` : ""),
  );
  return 0;
}

async function importOutput(run: number, file: string, json: boolean): Promise<number> {
  const input = file === "-" ? process.stdin : fs.createReadStream(file, { highWaterMark: 1 << 20 });
  const lines = readline.createInterface({ input, crlfDelay: Infinity });
  const report = await ingestBatchOutput(run, lines, { id: null, email: cliActor() });
  if (json) {
    console.log(JSON.stringify(report));
    return 0;
  }
  console.log(`Ingested ${report.lines.toLocaleString("en")} lines into run #${run}`);
  console.log(`  accepted    ${report.accepted.toLocaleString("en")}  (${report.samples.toLocaleString("en")} samples)`);
  console.log(`  settled     ${report.settled.toLocaleString("en")}  candidates`);
  console.log(`  duplicates  ${report.duplicates.toLocaleString("en")}`);
  console.log(`  unknown     ${report.unknown.toLocaleString("en")}`);
  console.log(`  rejected    ${report.rejected.toLocaleString("en")}  (another run's, or indices outside k)`);
  console.log(`  errors      ${report.errors.toLocaleString("en")}`);
  for (const p of report.problems.slice(0, 20)) console.log(`    line ${p.line}${p.customId ? ` (${p.customId})` : ""}: ${p.reason}`);
  const total = report.duplicates + report.unknown + report.rejected + report.errors;
  if (total > 20) console.log(`    … ${total - 20} more problems (--json lists the first 1,000)`);
  return 0;
}
