import { systemActor } from "@/lib/audit";
// npm run bench:search-load [-- --rows N --clients C --seconds S]
// Issue 8's starvation case: C clients each searching a word that matches nothing (every
// search reads the whole pool), while one other user pages the plain candidate list. Measured
// twice on the same server and pool: the searches sent straight to the pool (what the web did
// before the search lane) and through listCandidates (the lane: at most SEARCH_LANE_WIDTH at
// once, each under a statement timeout). The physical limit is the plain list with nobody
// searching. Prints the plain list's p95 in each case and, last, the ratio
// idle p95 / p95 under load with the lane (1.0 = the searches cost the list nothing).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { listCandidates } from "@/lib/candidates/queries";
import { disconnect, pool } from "@/lib/db/client";
import { startEmbeddedPostgres } from "@/lib/db/embedded";
import { migrate } from "@/lib/db/migrate";
import { createDomain } from "@/lib/domains";
import { AppError } from "@/lib/errors";

const { values } = parseArgs({
  options: {
    rows: { type: "string", default: "650000" },
    clients: { type: "string", default: "20" },
    seconds: { type: "string", default: "15" },
  },
});
const rows = Number(values.rows);
const clients = Number(values.clients);
const seconds = Number(values.seconds);

const p95 = (ms: number[]) => [...ms].sort((a, b) => a - b)[Math.min(ms.length - 1, Math.ceil(ms.length * 0.95) - 1)] ?? NaN;
const median = (ms: number[]) => [...ms].sort((a, b) => a - b)[Math.floor(ms.length / 2)] ?? NaN;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The plain list, paged by one user as fast as it answers, for `ms`; its latencies. */
async function pagePlainList(ms: number): Promise<number[]> {
  const out: number[] = [];
  const end = performance.now() + ms;
  while (performance.now() < end) {
    const t = performance.now();
    await listCandidates({ limit: 50 });
    out.push(performance.now() - t);
    await sleep(20);
  }
  return out;
}

/** C clients searching for nothing until `stop`; their latencies and how many were refused. */
function searchers(search: (word: string) => Promise<unknown>, stop: () => boolean) {
  const ms: number[] = [];
  let refused = 0;
  const one = async (c: number) => {
    for (let i = 0; !stop(); i++) {
      const t = performance.now();
      try {
        await search(`zq${c}x${i}nothing`);
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        refused++;
      }
      ms.push(performance.now() - t);
    }
  };
  return { done: Promise.all(Array.from({ length: clients }, (_, c) => one(c))), ms, refused: () => refused };
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-search-load-"));
const server = await startEmbeddedPostgres({ dir: path.join(dir, "data"), port: 57000 + (process.pid % 1000) });
try {
  await migrate(server.url);
  process.env.DATABASE_URL = server.url;
  const math = await createDomain({ slug: "math", name: "Math" }, systemActor);
  console.log(`loading ${rows.toLocaleString()} candidates…`);
  await pool().query(
    `insert into candidate (domain_id, prompt, prompt_hash)
     select $1, 'A train leaves station ' || i || ' at ' || (i % 24) || ' o''clock travelling ' || (i * 7 % 130)
                || ' km/h. How far has it gone after ' || (i % 9 + 1) || ' hours? Give the answer in kilometres.',
            sha256(i::text::bytea)
       from generate_series(1, ${rows}) i`,
    [math.id],
  );
  await pool().query("vacuum analyze candidate");

  const idle = await pagePlainList(3000);
  const report: string[] = [];
  const line = (name: string, list: number[], search: number[], refused: number) =>
    report.push(
      `${name.padEnd(34)} plain list p95 ${p95(list).toFixed(1).padStart(7)} ms (median ${median(list).toFixed(1)})` +
        ` · searches p95 ${p95(search).toFixed(0).padStart(6)} ms, ${search.length} done, ${refused} refused`,
    );
  line("idle (nobody searching)", idle, [], 0);

  // Before: every search straight to the shared pool, no lane, no timeout.
  let stopped = false;
  const raw = searchers(
    (w) => pool().query("select c.id from candidate c where c.prompt ilike $1 order by c.id desc limit 51", [`%${w}%`]),
    () => stopped,
  );
  const rawList = await pagePlainList(seconds * 1000);
  stopped = true;
  await raw.done;
  line(`${clients} no-match searches, no lane`, rawList, raw.ms, raw.refused());

  stopped = false;
  const laned = searchers((w) => listCandidates({ q: w }), () => stopped);
  const lanedList = await pagePlainList(seconds * 1000);
  stopped = true;
  await laned.done;
  line(`${clients} no-match searches, search lane`, lanedList, laned.ms, laned.refused());

  for (const l of report) console.log(l);
  console.log(`ratio (idle p95 / p95 under load, search lane): ${(p95(idle) / p95(lanedList)).toFixed(2)}`);
} finally {
  await disconnect();
  await server.stop();
  fs.rmSync(dir, { recursive: true, force: true });
}
