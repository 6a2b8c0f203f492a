import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { asyncBufferFromFile, parquetReadObjects } from "hyparquet";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as downloadRoute } from "@/app/api/exports/[id]/files/[...name]/route";
import { GET as getRoute } from "@/app/api/exports/[id]/route";
import { GET as listRoute, POST as createRoute } from "@/app/api/exports/route";
import { systemActor } from "@/lib/audit";
import type { Principal } from "@/lib/auth/principal";
import { createApiToken } from "@/lib/auth/tokens";
import { createUser } from "@/lib/auth/users";
import { pool } from "@/lib/db/client";
import { startSimulator, type Simulator } from "@/lib/models/simulator";
import { claimNext, decide, setAssignments } from "@/lib/review";
import { driveRun } from "@/lib/scoring/driver";
import { createRun } from "@/lib/scoring/runs";
import { closeConnections, createTestEndpoint, mathItems, seedDomain, testActor } from "@/lib/scoring/test-fixtures";
import { useMigratedDatabase } from "@/lib/testing/db";
import { serveRoutes } from "@/lib/testing/route-server";
import { leanSnapshotRows, toExportRow } from "./export-source";
import { exportFormats, formatLine, type ExportFormat } from "./formats";
import { snapshotRows } from "./rows";
import { createMixture, freezeSnapshot, insertExportJob, runExportJob, sweepExports, type Manifest } from "./index";

// Issue 11's round trip: import (the real importer) → score (the bundled simulator, a real
// run) → review (lib/review: claim and decide, the chosen sample as the response) → snapshot
// → mixture → export in every format. Every line parses back; the manifest's counts and
// sha256 match the files; the Parquet loads with a second reader (hyparquet).

let sim: Simulator;
let server: { url: string; close: () => Promise<void> };
const math = mathItems(24, "rt-math");
const alg = mathItems(12, "rt-alg");
let reviewer: Principal;
let lead: Principal;
let leadToken = "";
let reviewerToken = "";
const snapshots: Record<string, number> = {};
let mixtureId = 0;
const out = fs.mkdtempSync(path.join(os.tmpdir(), "export-rt-"));

const sha = (f: string) => crypto.createHash("sha256").update(fs.readFileSync(f)).digest("hex");
const jsonl = (f: string) => fs.readFileSync(f, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l));

/** Review a whole domain through lib/review: accept with a verified-correct sample when there is one, reject otherwise (every 5th too). */
async function reviewAll(slug: string, domainId: number): Promise<number> {
  let accepted = 0;
  const bands = ["teachable", "too_easy", "too_hard"] as const;
  for (let n = 0, b = 0; ; n++) {
    const claimed = await claimNext(reviewer.userId, domainId, bands[b]);
    if (!claimed) {
      if (++b === bands.length) return accepted;
      continue;
    }
    const { rows } = await pool().query<{ id: string }>(
      "select id::text from sample where candidate_id = $1 and role = 'target' and correct order by index limit 1",
      [claimed.candidateId],
    );
    const actor = { id: reviewer.userId, email: reviewer.email };
    if (rows[0] && n % 5 !== 4) {
      await decide(actor, { candidateId: claimed.candidateId, decision: "accept", responseId: BigInt(rows[0].id) });
      accepted++;
    } else {
      await decide(actor, { candidateId: claimed.candidateId, decision: "reject", reason: "other" });
    }
    if (n > 200) throw new Error(`review of ${slug} does not end`);
  }
}

beforeAll(async () => {
  await useMigratedDatabase();
  sim = await startSimulator({ withDemoKey: false, answerKeys: [...math, ...alg].map((i) => i.key), seed: 11 });
  const target = (await createTestEndpoint("sim-target", sim.url, "sim-target", 16)).id;
  const domains = { "rt-math": await seedDomain("rt-math", math), "rt-alg": await seedDomain("rt-alg", alg) };
  for (const slug of Object.keys(domains)) {
    const run = await createRun({ domain: slug, targetEndpointId: target, phase: "scaling", k: 8 }, testActor);
    await driveRun(run.id, { continueAsJob: false, leaseSeconds: 5 });
  }
  const r = await createUser(systemActor, { email: "rev@rt.test", name: "rev", role: "reviewer", password: "rt-test-pass" });
  const l = await createUser(systemActor, { email: "lead@rt.test", name: "lead", role: "lead", password: "rt-test-pass" });
  reviewer = { userId: r.id, email: r.email, name: "rev", role: "reviewer", via: "session" };
  lead = { userId: l.id, email: l.email, name: "lead", role: "lead", via: "session" };
  leadToken = (await createApiToken(lead, { name: "t" })).token;
  reviewerToken = (await createApiToken(reviewer, { name: "t" })).token;
  for (const [slug, id] of Object.entries(domains)) {
    await setAssignments(systemActor, slug, [reviewer.userId]);
    expect(await reviewAll(slug, id)).toBeGreaterThan(0);
    snapshots[slug] = (await freezeSnapshot({ id: lead.userId, email: lead.email }, slug)).id;
  }
  const mix = await createMixture({ id: lead.userId, email: lead.email }, {
    name: "rt",
    mode: "epochs",
    entries: [
      { snapshotId: snapshots["rt-math"], epochs: 1 },
      { snapshotId: snapshots["rt-alg"], epochs: 2 },
    ],
  });
  mixtureId = mix.id;
  server = await serveRoutes({
    "/api/exports": { GET: listRoute, POST: createRoute },
    "/api/exports/[id]": { GET: getRoute },
    "/api/exports/[id]/files/[...name]": { GET: downloadRoute },
  });
}, 180_000);

afterAll(async () => {
  await server?.close();
  await sim?.close();
  await closeConnections();
  fs.rmSync(out, { recursive: true, force: true });
});

async function exportTo(format: ExportFormat, target: { snapshotId: number } | { mixtureId: number }, extra: { parquet?: boolean; hf?: boolean; shuffleSeed?: number } = {}) {
  const id = await insertExportJob({ id: lead.userId, email: lead.email }, { format, ...target, ...extra });
  const dir = path.join(out, `${id}-${format}`);
  const job = await runExportJob(id, { outDir: dir });
  expect(job.status, job.errorMessage ?? "").toBe("done");
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, "manifest.json"), "utf8")) as Manifest;
  for (const f of manifest.files) {
    expect(sha(path.join(dir, f.name)), f.name).toBe(f.sha256);
    expect(fs.statSync(path.join(dir, f.name)).size, f.name).toBe(f.bytes);
  }
  return { id, dir, job, manifest, lines: jsonl(path.join(dir, `${format}.jsonl`)) };
}

async function snapshotItems(id: number) {
  const { rows } = await pool().query<{ candidate_id: number; prompt: string; response_text: string | null; response_sample_id: string | null }>(
    "select candidate_id, prompt, response_text, response_sample_id::text from snapshot_item where snapshot_id = $1 order by candidate_id",
    [id],
  );
  return rows;
}

describe("round trip: import → score → review → snapshot → mixture → export", () => {
  it("every format of a snapshot parses back; counts add up to the snapshot", async () => {
    const items = await snapshotItems(snapshots["rt-math"]);
    expect(items.length).toBeGreaterThan(3);
    for (const format of exportFormats) {
      const { manifest, lines } = await exportTo(format, { snapshotId: snapshots["rt-math"] });
      expect(lines.length, format).toBe(manifest.counts.rows);
      expect(manifest.counts.rows + manifest.counts.skipped, format).toBe(items.length);
      expect(manifest.snapshot_ids).toEqual([snapshots["rt-math"]]);
      expect(manifest.reviewers).toEqual(["rev@rt.test"]);
      expect(manifest.runs.length).toBe(1);
      expect(manifest.models).toEqual([expect.objectContaining({ role: "target", model: "sim-target" })]);
      expect(manifest.edgewise_version).toBe(JSON.parse(fs.readFileSync("package.json", "utf8")).version);
      if (format === "messages") {
        // The chosen response: the verified sample the reviewer picked, as frozen.
        expect(lines.map((l) => l.messages[0].content)).toEqual(items.map((i) => i.prompt));
        expect(lines.map((l) => l.messages[1].content)).toEqual(items.map((i) => i.response_text));
      }
      if (format === "full") {
        expect(lines[0].review.decisions).toEqual([expect.objectContaining({ reviewer: "rev@rt.test", decision: "accept" })]);
        expect(manifest.counts.skipped).toBe(0);
      }
      if (format === "rl") expect(lines[0]).toMatchObject({ ability: "rt-math", reward_model: { style: "rule" } });
    }
  });

  it("preference pairs come from the run's stored samples: chosen verified correct, rejected verified wrong", async () => {
    const { lines, manifest } = await exportTo("preference", { snapshotId: snapshots["rt-math"] });
    const { rows } = await pool().query<{ n: number }>(
      `select count(*)::int as n from snapshot_item i
        where i.snapshot_id = $1
          and exists (select 1 from sample s where s.candidate_id = i.candidate_id and s.role = 'target' and s.correct)
          and exists (select 1 from sample s where s.candidate_id = i.candidate_id and s.role = 'target' and s.correct = false)`,
      [snapshots["rt-math"]],
    );
    expect(manifest.counts.rows).toBe(rows[0].n);
    for (const l of lines) {
      const correct = await pool().query("select 1 from sample where response = $1 and correct", [l.chosen[0].content]);
      const wrong = await pool().query("select 1 from sample where response = $1 and correct = false", [l.rejected[0].content]);
      expect(correct.rowCount).toBeGreaterThan(0);
      expect(wrong.rowCount).toBeGreaterThan(0);
    }
  });

  it("a mixture repeats rows by epochs; the HF folder's Parquet equals the JSONL; a seed shuffles reproducibly", async () => {
    const m = (await snapshotItems(snapshots["rt-math"])).length;
    const a = (await snapshotItems(snapshots["rt-alg"])).length;
    const hf = await exportTo("messages", { mixtureId }, { hf: true });
    expect(hf.manifest.counts.rows).toBe(m + 2 * a);
    expect(hf.manifest.counts.per_domain).toEqual({ "rt-math": m, "rt-alg": 2 * a });
    expect(hf.manifest.mixture_id).toBe(mixtureId);
    expect(hf.manifest.domains).toEqual(
      expect.arrayContaining([expect.objectContaining({ domain: "rt-alg", epochs: 2 }), expect.objectContaining({ domain: "rt-math", epochs: 1 })]),
    );
    const table = await parquetReadObjects({ file: await asyncBufferFromFile(path.join(hf.dir, "data/train-00000-of-00001.parquet")) });
    expect(table).toEqual(hf.lines);
    expect(fs.readFileSync(path.join(hf.dir, "README.md"), "utf8")).toContain(`num_examples: ${m + 2 * a}`);

    const rl = await exportTo("rl", { mixtureId }, { parquet: true });
    const rlTable = await parquetReadObjects({ file: await asyncBufferFromFile(path.join(rl.dir, "rl.parquet")) });
    expect(rlTable).toEqual(rl.lines);

    const s1 = await exportTo("messages", { mixtureId }, { shuffleSeed: 7 });
    const s2 = await exportTo("messages", { mixtureId }, { shuffleSeed: 7 });
    expect(s1.manifest.shuffle_seed).toBe(7);
    expect(s1.manifest.files[0].sha256).toBe(s2.manifest.files[0].sha256);
    expect(s1.manifest.files[0].sha256).not.toBe(hf.manifest.files[0].sha256);
    const key = (l: { messages: { content: string }[] }) => l.messages[0].content;
    expect(s1.lines.map(key).sort()).toEqual(hf.lines.map(key).sort());
  });

  it("weights mode: one row per item, every row carries its domain's weight", async () => {
    const mix = await createMixture({ id: lead.userId, email: lead.email }, {
      name: "rt-w",
      mode: "weights",
      entries: [
        { snapshotId: snapshots["rt-math"], weight: 1 },
        { snapshotId: snapshots["rt-alg"], weight: 3 },
      ],
    });
    const { lines } = await exportTo("messages", { mixtureId: mix.id }, { parquet: true });
    const alg = lines.filter((l) => l.messages[0].content.includes("[rt-alg"));
    expect(alg.length).toBe((await snapshotItems(snapshots["rt-alg"])).length);
    expect(new Set(alg.map((l) => l.weight))).toEqual(new Set([3]));
  });
});

describe("leanSnapshotRows (the lean formats' reader)", () => {
  it("writes the same lines as h/snap's snapshotRows in every format that reads it", async () => {
    for (const slug of ["rt-math", "rt-alg"]) {
      const id = snapshots[slug];
      const full = [];
      for await (const r of snapshotRows(id, { batchSize: 3 })) full.push(toExportRow(r, false));
      const lean = [];
      for await (const r of leanSnapshotRows(id, slug)) lean.push(r);
      expect(lean.length).toBe(full.length);
      for (const f of ["messages", "prompt-completion", "rl"] as const) {
        expect(lean.map((r) => formatLine(f, r)), f).toEqual(full.map((r) => formatLine(f, r)));
      }
    }
  });
});

describe("export jobs over HTTP", () => {
  const call = (token: string, p: string, init: RequestInit = {}) =>
    fetch(server.url + p, { ...init, headers: { authorization: `Bearer ${token}`, "content-type": "application/json", ...init.headers } });

  it("a lead queues an export; a reviewer may not list, create or download", async () => {
    const body = JSON.stringify({ snapshotId: snapshots["rt-alg"], format: "rl", parquet: true });
    expect((await call(reviewerToken, "/api/exports", { method: "POST", body })).status).toBe(403);
    expect((await call(reviewerToken, "/api/exports")).status).toBe(403);
    expect((await call(leadToken, "/api/exports", { method: "POST", body: JSON.stringify({ snapshotId: 1, mixtureId: 1, format: "rl" }) })).status).toBe(400);
    expect((await call(leadToken, "/api/exports", { method: "POST", body: JSON.stringify({ snapshotId: snapshots["rt-alg"], format: "full", parquet: true }) })).status).toBe(400);
    expect((await call(leadToken, "/api/exports", { method: "POST", body: JSON.stringify({ snapshotId: 999999, format: "rl" }) })).status).toBe(404);

    const res = await call(leadToken, "/api/exports", { method: "POST", body });
    expect(res.status).toBe(200);
    const job = await res.json();
    expect(job).toMatchObject({ status: "queued", format: "rl", parquet: true });
    // The worker's handler, run here: files land under $EDGEWISE_HOME/exports/<id>.
    await runExportJob(job.id);
    const view = await (await call(leadToken, `/api/exports/${job.id}`)).json();
    expect(view).toMatchObject({ status: "done", rowsDone: view.rowsTotal });
    expect(view.files.map((f: { name: string }) => f.name)).toEqual(["rl.jsonl", "rl.parquet", "manifest.json"]);
    const list = await (await call(leadToken, "/api/exports")).json();
    expect(list.jobs[0].id).toBe(job.id);

    for (const f of view.files as { name: string; sha256: string }[]) {
      expect((await call(reviewerToken, `/api/exports/${job.id}/files/${f.name}`)).status).toBe(403);
      const dl = await call(leadToken, `/api/exports/${job.id}/files/${f.name}`);
      expect(dl.status).toBe(200);
      const bytes = Buffer.from(await dl.arrayBuffer());
      expect(crypto.createHash("sha256").update(bytes).digest("hex"), f.name).toBe(f.sha256);
    }
    expect((await call(leadToken, `/api/exports/${job.id}/files/..%2F..%2Fetc%2Fpasswd`)).status).toBe(404);

    // A file in a subfolder (the HF layout) downloads by its path.
    const hf = await (await call(leadToken, "/api/exports", { method: "POST", body: JSON.stringify({ snapshotId: snapshots["rt-alg"], format: "messages", hf: true }) })).json();
    const done = await runExportJob(hf.id);
    const pq = done.files.find((f) => f.name === "data/train-00000-of-00001.parquet")!;
    const got = await call(leadToken, `/api/exports/${hf.id}/files/data/train-00000-of-00001.parquet`);
    expect(got.status).toBe(200);
    expect(crypto.createHash("sha256").update(Buffer.from(await got.arrayBuffer())).digest("hex")).toBe(pq.sha256);
    expect((await call(leadToken, `/api/exports/${job.id}/files/nope.jsonl`)).status).toBe(404);
  });
});

describe("a crashed export does not stay running", () => {
  it("the sweep re-queues a dead worker export, fails a dead CLI export and one out of attempts, leaves a live one", async () => {
    const actor = { id: lead.userId, email: lead.email };
    const ids = [];
    for (let i = 0; i < 4; i++) ids.push(await insertExportJob(actor, { snapshotId: snapshots["rt-alg"], format: "messages" }));
    const [workerDead, cliDead, spent, alive] = ids;
    await pool().query(
      `update export_job set status = 'running', attempts = 1, heartbeat_at = now() - interval '1 hour',
              out_dir = case when id = $2 then '/tmp/somewhere-else' else null end
        where id = any($1::int[])`,
      [ids, cliDead],
    );
    await pool().query("update export_job set attempts = 3 where id = $1", [spent]);
    await pool().query("update export_job set heartbeat_at = now() where id = $1", [alive]);
    const r = await sweepExports();
    expect(r.requeued).toEqual([workerDead]);
    expect(r.failed.sort()).toEqual([cliDead, spent].sort());
    const { rows } = await pool().query<{ id: number; status: string; error_message: string | null }>(
      "select id, status::text as status, error_message from export_job where id = any($1::int[]) order by id",
      [ids],
    );
    expect(rows.map((x) => x.status)).toEqual(["queued", "failed", "failed", "running"]);
    expect(rows[1].error_message).toMatch(/run the command again/);
    // The requeued one runs to the end from the start.
    expect((await runExportJob(workerDead)).status).toBe("done");
  });
});
