import { systemActor } from "@/lib/audit";
// npm run bench:export  (BENCH_EXPORT_ROWS=100000 for a quick try)
// A 1M-item snapshot exported as `messages` through the same calls an export job makes
// (prepareExport → runExport: h/snap's keyset row stream, the format writer, the streamed
// JSONL with its sha256 and the manifest), against `COPY (SELECT <the same columns of the
// same rows in the same order>) TO STDOUT` read to the end in the same process: the floor of
// getting those rows out of PostgreSQL at all. The snapshot is a set-based synthetic fill
// (domain_snapshot + snapshot_item by generate_series in SQL): freezing 1M reviewed items
// through review tells the export nothing more. Prints both throughputs, peak RSS and, last,
// export / COPY throughput. Goal: ratio >= 0.5 and peak RSS <= 512 MB.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { disconnect, pool } from "@/lib/db/client";
import { startEmbeddedPostgres } from "@/lib/db/embedded";
import { migrate } from "@/lib/db/migrate";
import { createDomain } from "@/lib/domains";

const ROWS = Number(process.env.BENCH_EXPORT_ROWS ?? 1_000_000);


const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-export-"));
const server = await startEmbeddedPostgres({ dir: path.join(dir, "data"), port: 58000 + (process.pid % 1000) });
try {
  await migrate(server.url);
  process.env.DATABASE_URL = server.url;
  const db = pool();
  const domain = await createDomain({ slug: "math", name: "Math" }, systemActor);
  let t = performance.now();
  const { rows: snap } = await db.query<{ id: number }>(
    `insert into domain_snapshot (domain_id, version, created_by, band_low, band_high, settings, runs, counts, item_count, token_estimate, content_hash)
     values ($1, 1, 'bench', 0.1, 0.9, '{}', '[]', '{}', $2, 0, 'bench') returning id`,
    [domain.id, ROWS],
  );
  const snapshotId = snap[0].id;
  // Prompts ~250 chars and responses ~700 (a short worked solution), like a math pool's.
  await db.query(
    `insert into snapshot_item (snapshot_id, candidate_id, prompt, reference_answer, response_text, response_source, response_sample_id,
        pass_rate, ci_low, ci_high, k, passes, band, judge_score, verifier_kind, metadata, source, token_estimate, item_hash, response_hash)
     select $1, g, 'Problem ' || g || ': a crate holds ' || (g % 900) || ' apples and ' || (g % 97) || ' more arrive. ' || repeat('How many apples are there now? ', 6),
            ((g % 900) + (g % 97))::text,
            'We add the two counts. ' || repeat('Step: ' || (g % 900) || ' + ' || (g % 97) || ' is computed carefully. ', 14) || '\\boxed{' || ((g % 900) + (g % 97)) || '}',
            'sample', g, (1 + g % 7) / 8.0, 0.05, 0.95, 8, 1 + g % 7, 'teachable', 6, 'math', jsonb_build_object('level', g % 5), 'bench', 250,
            sha256(convert_to('i' || g, 'UTF8')), sha256(convert_to('r' || g, 'UTF8'))
       from generate_series(1, $2) g`,
    [snapshotId, ROWS],
  );
  await db.query("vacuum analyze snapshot_item");
  console.log(`fill: ${ROWS} snapshot items in ${((performance.now() - t) / 1000).toFixed(1)} s`);

  // The measurement runs in a fresh process: this one loaded the migration engine (WASM,
  // ~300 MB of RSS) and did the fill, which no export worker carries.
  const child = spawnSync(process.execPath, [...(process.env.BENCH_EXPORT_CPU_PROF ? ["--cpu-prof", "--cpu-prof-dir", process.env.BENCH_EXPORT_CPU_PROF] : []), "--import", "tsx", path.join(import.meta.dirname, "measure.ts")], {
    env: { ...process.env, DATABASE_URL: server.url, BENCH_EXPORT_SNAPSHOT: String(snapshotId), BENCH_EXPORT_ROWS: String(ROWS), BENCH_EXPORT_OUT: path.join(dir, "out") },
    stdio: "inherit",
  });
  if (child.status !== 0) throw new Error(`measurement failed (exit ${child.status})`);
} finally {
  await disconnect();
  await server.stop();
  fs.rmSync(dir, { recursive: true, force: true });
}
