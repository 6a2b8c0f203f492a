import path from "node:path";
import { importFile } from "@/lib/candidates/import";
import { pool } from "@/lib/db/client";
import { listBenchmarks, queueChecksAfterImport, setBenchmarkOverride } from "@/lib/dedup";
import { createDomain } from "@/lib/domains";
import { env } from "@/lib/env";
import { systemActor } from "@/lib/audit";
import { listUsers } from "@/lib/auth/users";
import { createEndpoint } from "@/lib/models/endpoints";
import { setAssignments } from "@/lib/review";

// The demo workspace seeded on a fresh database, so the first look at the app is never empty:
// three domains with 300 real items each (attribution in lib/demo/data/README.md).
const DATA = path.join(process.cwd(), "lib", "demo", "data");

// `sampleOf`: the built-in benchmark the sample is drawn from (lib/demo/data/README.md).
const demo = [
  { slug: "math", name: "Math", answerKind: "math", quota: 150, file: "gsm8k.sample.jsonl", format: "gsm8k", sampleOf: null },
  { slug: "science", name: "Science", answerKind: "mcq", quota: 120, file: "mmlu-stem.sample.jsonl", format: "mmlu", sampleOf: "MMLU-STEM" },
  { slug: "code", name: "Code", answerKind: "code", quota: 100, file: "mbpp.sample.jsonl", format: "mbpp", sampleOf: "MBPP test" },
] as const;

/** A lock key of our own, so two processes starting on one empty database seed it once. */
const SEED_LOCK = 0x45_64_67_65; // "Edge"

/** Seed the demo when the database has no domains yet. Returns whether it seeded. */
export async function seedDemoIfEmpty(): Promise<boolean> {
  const client = await pool().connect();
  try {
    await client.query("select pg_advisory_lock($1)", [SEED_LOCK]);
    const { rows } = await client.query("select count(*)::int as n from domain");
    if (rows[0].n > 0) return false;
    await seedDemoEndpoints();
    for (const d of demo) {
      await createDomain({ slug: d.slug, name: d.name, answerKind: d.answerKind, quota: d.quota }, systemActor);
      // A demo domain drawn from a benchmark would be all contaminated once checked (and its
      // queues empty): the demo overrides that benchmark there, as a lead would — shown, and
      // revocable, on the domain page's decontamination card.
      if (d.sampleOf) await overrideBenchmark(d.slug, d.sampleOf);
      const { batchId } = await importFile(path.join(DATA, d.file), {
        domainSlug: d.slug,
        format: d.format,
        createdBy: "demo seed",
        fileName: d.file,
      });
      // Checked like any import (the worker's sweeps queue the jobs).
      await queueChecksAfterImport(batchId, "demo seed", { enqueue: false });
    }
    return true;
  } finally {
    await client.query("select pg_advisory_unlock($1)", [SEED_LOCK]).catch(() => {});
    client.release();
  }
}

async function overrideBenchmark(slug: string, name: string): Promise<void> {
  const benchmark = (await listBenchmarks()).find((b) => b.name === name);
  if (benchmark) await setBenchmarkOverride(systemActor, slug, benchmark.id, true);
}

/**
 * Endpoints on the bundled simulator (started by `npm start` on EDGEWISE_SIM_PORT), so a
 * scoring run works out of the box. Labelled simulated everywhere; sim-strong is the more
 * accurate "teacher".
 */
async function seedDemoEndpoints(): Promise<void> {
  const baseUrl = `http://127.0.0.1:${env.EDGEWISE_SIM_PORT}/v1`;
  await createEndpoint({ name: "Simulated model (demo)", baseUrl, model: "sim-target", roles: ["target", "teacher", "judge"], maxConcurrent: 16, simulated: true }, systemActor);
  await createEndpoint({ name: "Simulated teacher (demo)", baseUrl, model: "sim-strong", roles: ["teacher", "judge"], maxConcurrent: 16, simulated: true }, systemActor);
  // Plays a reasoning model (lib/models/simulator/quirks.ts): Test connection learns its request rules, runs show its thinking.
  await createEndpoint({ name: "Simulated reasoning model (demo)", baseUrl, model: "sim-reasoner", roles: ["target"], maxConcurrent: 16, simulated: true }, systemActor);
}

/**
 * The demo reviewers work math and science from the first start (a reviewer with no domain
 * would open an empty Review page); a lead changes this on each domain's Review card.
 */
export async function assignDemoReviewers(emails: string[]): Promise<void> {
  const ids = (await listUsers()).filter((u) => emails.includes(u.email)).map((u) => u.id);
  for (const slug of ["math", "science"]) await setAssignments(systemActor, slug, ids);
}
