import fs from "node:fs";
import readline from "node:readline";
import { z } from "zod";
import { ensureDatabase } from "@/lib/db/bootstrap";
import { disconnect } from "@/lib/db/client";
import { usesEmbeddedDatabase } from "@/lib/env";
import { ingestBatchOutput, writeBatchRequests } from "@/lib/scoring/batch";
import { cliActor, parse, UsageError, userPath } from "./args";

export const batchHelp = `Usage: edgewise batch export --run ID [--out FILE]
       edgewise batch import --run ID FILE [--json]

Score through batch files (OpenAI Batch API, vLLM run_batch) instead of live requests.

  export   writes one OpenAI Batch input line per request the run still needs (custom_id,
           method, url, body with n = the missing samples) to stdout or --out. Candidates
           without a reference get teacher requests first: import those, then export again.
  import   reads OpenAI Batch / vLLM run_batch output lines, verifies the answers and updates
           pass rates exactly as a live run would. Unknown or duplicate custom_ids, lines of
           another run or with sample indices outside the run's k, and error lines are
           reported, not fatal ("-" reads stdin).
  Only a batch run that is not done, failed or cancelled takes files: export and import of a
  live run or a stopped one exit 1 with the reason. There is no --force: a live run's driver
  samples the same items (a file beside it pays twice), a cancelled run released them.

Options:
  --run ID      the scoring run to export from or import into
  --out FILE    write requests here instead of stdout
  --json        import: print the report as one JSON object

Works on the database directly (DATABASE_URL or the embedded one), also when a token is set.
Exit status: 0 on success (import: also with problems reported), 1 on failure, 2 on bad usage.`;

const runId = z.coerce.number().int().positive();

export async function runBatch(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, {
    run: { type: "string" },
    out: { type: "string" },
    json: { type: "boolean" },
    help: { type: "boolean", short: "h" },
    token: { type: "string" },
    url: { type: "string" },
  });
  if (values.help) {
    console.log(batchHelp);
    return 0;
  }
  const [action, ...files] = positionals;
  if (action !== "export" && action !== "import") throw new UsageError('give "export" or "import"');
  if (action === "export" && (files.length || !values.run)) throw new UsageError("export takes --run ID and no file");
  if (action === "import" && (files.length !== 1 || !values.run)) throw new UsageError("import takes --run ID and exactly one FILE");
  if (action === "import" && files[0] !== "-" && !fs.existsSync(userPath(files[0]))) throw new UsageError(`no such file: ${files[0]}`);
  const id = runId.safeParse(values.run);
  if (!id.success) throw new UsageError("--run must be a run id");

  // With a token set, main.ts did not open the database: batch files always work on it directly.
  const database = usesEmbeddedDatabase() ? await ensureDatabase() : null;
  try {
    if (action === "export") return await exportRequests(id.data, values.out);
    return await importOutput(id.data, files[0], values.json ?? false);
  } finally {
    if (database) {
      await disconnect();
      await database.stop();
    }
  }
}

async function exportRequests(run: number, outFile: string | undefined): Promise<number> {
  const out = outFile ? fs.createWriteStream(userPath(outFile)) : process.stdout;
  const report = await writeBatchRequests(run, out);
  if (outFile) await new Promise<void>((resolve, reject) => (out as fs.WriteStream).end((err?: Error | null) => (err ? reject(err) : resolve())));
  const { target, teacher, judge } = report.requests;
  console.error(
    `run #${run}: ${report.lines} requests (${target} target, ${teacher} teacher, ${judge} judge) for ${report.samples} samples` +
      (report.settled ? `; ${report.settled} candidates needed nothing more and were settled` : ""),
  );
  return 0;
}

async function importOutput(run: number, file: string, json: boolean): Promise<number> {
  const input = file === "-" ? process.stdin : fs.createReadStream(userPath(file), { highWaterMark: 1 << 20 });
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
