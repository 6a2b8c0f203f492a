import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PassThrough } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pool } from "@/lib/db/client";
import { startSimulator, type Simulator } from "@/lib/models/simulator";
import { useMigratedDatabase } from "@/lib/testing/db";
import { tokenUsers } from "@/lib/testing/route-calls";
import { ingestBatchOutput, writeBatchRequests } from "./batch";
import { decodeCustomId, encodeCustomId } from "./batch-format";
import { driveRun } from "./driver";
import { cancelRun, createRun, runProgress } from "./runs";
import { closeConnections, createTestEndpoint, mathItems, samplesPerCandidate, seedDomain, testActor } from "./test-fixtures";

// Batch files: export → an output file answered by a simulator → import must give the same
// pass rates as a live run. Two simulators with the same seed answer a prompt's first
// request identically, so the live run and the batch file see the same answers.

let url = "";
let live: Simulator;
let offline: Simulator;
let endpoint: number;
const items = mathItems(120, "batch");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "batch-"));

beforeAll(async () => {
  url = await useMigratedDatabase();
  const opts = { withDemoKey: false, answerKeys: items.map((i) => i.key), seed: 3 };
  [live, offline] = await Promise.all([startSimulator(opts), startSimulator(opts)]);
  endpoint = (await createTestEndpoint("sim", live.url)).id;
  await seedDomain("math", items);
});

afterAll(async () => {
  await Promise.all([live?.close(), offline?.close()]);
  await closeConnections();
});

async function exportLines(runId: number): Promise<string[]> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on("data", (c: Buffer) => chunks.push(c));
  await writeBatchRequests(runId, out);
  out.end();
  return Buffer.concat(chunks).toString("utf8").split("\n").filter(Boolean);
}

/** What an OpenAI batch (or vLLM run_batch) would return for the request lines. */
async function answer(requestLines: string[]): Promise<string[]> {
  return Promise.all(
    requestLines.map(async (l) => {
      const req = JSON.parse(l);
      const res = await fetch(`${offline.url}/chat/completions`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(req.body) });
      return JSON.stringify({ id: `batch_req_${req.custom_id}`, custom_id: req.custom_id, response: { status_code: res.status, request_id: "r", body: await res.json() }, error: null });
    }),
  );
}

async function* linesOf(lines: string[]) {
  yield* lines;
}

const passRates = async () => {
  const { rows } = await pool().query<{ candidate_id: number; passes: number; k: number; band: string; run_id: number }>(
    "select candidate_id, passes, k, band::text, run_id from candidate_score",
  );
  return new Map(rows.map((r) => [r.candidate_id, r]));
};

describe("batch files", () => {
  it("custom_ids round-trip and refuse what Edgewise did not write", () => {
    for (const indices of [[0, 1, 2, 3, 4, 5, 6, 7], [3], [0, 2, 5, 6, 7]]) {
      const key = { runId: 12, candidateId: 345, role: "target" as const, indices };
      expect(decodeCustomId(encodeCustomId(key))).toEqual(key);
    }
    expect(encodeCustomId({ runId: 1, candidateId: 2, role: "teacher", indices: [0, 2, 3, 4] })).toBe("ew:1:2:teacher:0,2-4");
    for (const bad of ["request-1", "ew:1:2:target:", "ew:1:2:oracle:0", "ew:1:2:target:3-1", "ew:1:2:target:1,1"]) {
      expect(decodeCustomId(bad)).toBeNull();
    }
  });

  it("export → batch output → import gives the same pass rates as a live run", async () => {
    const liveRun = await createRun({ domain: "math", targetEndpointId: endpoint, phase: "scaling", k: 8 }, testActor);
    expect(await driveRun(liveRun.id, { continueAsJob: false })).toMatchObject({ outcome: "done" });
    const expected = await passRates();

    const run = await createRun({ domain: "math", targetEndpointId: endpoint, phase: "exploration", sampleSize: 1000, k: 8, mode: "batch" }, testActor);
    expect(run).toMatchObject({ total: 120, status: "running", mode: "batch" });
    // The provider took an hour to return the file: that wait is not the run's throughput.
    await pool().query("update scoring_run set started_at = now() - interval '1 hour' where id = $1", [run.id]);
    const requests = await exportLines(run.id);
    expect(requests).toHaveLength(120);
    const first = JSON.parse(requests[0]);
    expect(first).toMatchObject({ method: "POST", url: "/v1/chat/completions", body: { model: "sim-target", n: 8, temperature: 1, max_tokens: 1024 } });
    expect(first.body.messages).toEqual([{ role: "user", content: expect.any(String) }]);

    const output = await answer(requests);
    // One candidate's line failed at the provider; plus noise a real file can have.
    const failedId = JSON.parse(output[5]).custom_id as string;
    output[5] = JSON.stringify({ id: "x", custom_id: failedId, response: null, error: { code: "server_error", message: "boom" } });
    output.push(output[0], JSON.stringify({ custom_id: "someone-elses-id", response: { status_code: 200, body: { choices: [] } } }), "not json");
    output.push(JSON.stringify({ custom_id: "ew:999:1:target:0-7", response: { status_code: 200, body: { choices: [] } } }));

    const report = await ingestBatchOutput(run.id, linesOf(output), testActor);
    expect(report).toMatchObject({ lines: 124, accepted: 119, samples: 952, duplicates: 1, unknown: 1, rejected: 1, errors: 2, settled: 119, runs: [run.id] });
    expect(report.problems.map((p) => p.reason)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^error: boom/), "invalid JSON", "not an Edgewise custom_id", expect.stringMatching(/^duplicate/), `belongs to run #999, not run #${run.id}`]),
    );

    const got = await passRates();
    const failedCandidate = decodeCustomId(failedId)!.candidateId;
    for (const [id, e] of expected) {
      if (id === failedCandidate) continue;
      expect(got.get(id)).toMatchObject({ passes: e.passes, k: 8, band: e.band, run_id: run.id });
    }
    // The failed line stored nothing: the next export asks for exactly that candidate again.
    const again = await exportLines(run.id);
    expect(again).toHaveLength(1);
    expect(decodeCustomId(JSON.parse(again[0]).custom_id)).toMatchObject({ candidateId: failedCandidate, indices: [0, 1, 2, 3, 4, 5, 6, 7] });
    expect((await runProgress(run.id)).status).toBe("running");

    // Through the CLI, as a user runs it: export to a file, import the answers, run done.
    const edgewise = (...args: string[]) =>
      spawnSync(process.execPath, [path.resolve("bin/edgewise.mjs"), ...args], {
        cwd: dir, env: { ...process.env, DATABASE_URL: url, EDGEWISE_TOKEN: "", NODE_ENV: "test" }, encoding: "utf8",
      });
    const exported = edgewise("batch", "export", "--run", String(run.id), "--out", "requests.jsonl");
    expect(exported.status).toBe(0);
    expect(exported.stderr).toMatch(/1 requests \(1 target/);
    fs.writeFileSync(path.join(dir, "output.jsonl"), (await answer(fs.readFileSync(path.join(dir, "requests.jsonl"), "utf8").split("\n").filter(Boolean))).join("\n") + "\n");
    const imported = edgewise("batch", "import", "--run", String(run.id), "output.jsonl", "--json");
    expect(imported.status, imported.stderr).toBe(0);
    expect(imported.stdout, imported.stderr).not.toBe("");
    expect(JSON.parse(imported.stdout)).toMatchObject({ accepted: 1, samples: 8, settled: 1 });
    const progress = await runProgress(run.id);
    expect(progress).toMatchObject({ status: "done", completed: 120, done: 120, samples: 960 });
    // Elapsed = the two ingests (upload start → ingest end), not the hour since the export.
    const { rows: ingests } = await pool().query<{ ms: number }>(
      `select (details->>'ms')::float8 as ms from audit_event where action = 'scoring.batch.import' and target_id = $1`, [String(run.id)],
    );
    expect(ingests).toHaveLength(2);
    expect(progress.elapsedSeconds).toBeCloseTo(ingests.reduce((a, r) => a + r.ms, 0) / 1000, 3);
    expect(progress.elapsedSeconds).toBeGreaterThan(0);
    expect(progress.elapsedSeconds).toBeLessThan(60);
    expect(progress.samplesPerSecond).toBeGreaterThan(960 / 60);
    expect([...(await samplesPerCandidate(run.id)).values()].every((n) => n === 8)).toBe(true);
    expect(edgewise("batch", "export").status).toBe(2);
    expect(edgewise("batch", "import", "output.jsonl").status, "import needs --run").toBe(2);
  }, 180_000); // a live run of 120 items, then the CLI twice: slow on a loaded machine

  it("candidates without a reference: teacher requests first, then target requests with the proxy", async () => {
    const known = mathItems(20, "bteach", false);
    live.addAnswerKey(known.map((i) => i.key));
    offline.addAnswerKey(known.map((i) => i.key));
    await seedDomain("teach", known);
    const strong = (await createTestEndpoint("strong", live.url, "sim-strong")).id;
    const run = await createRun(
      { domain: "teach", targetEndpointId: endpoint, phase: "scaling", k: 4, teacherEndpointId: strong, teacherK: 6, mode: "batch" },
      testActor,
    );
    const teacherLines = await exportLines(run.id);
    expect(teacherLines.map((l) => decodeCustomId(JSON.parse(l).custom_id)!.role)).toEqual(Array(20).fill("teacher"));
    expect(JSON.parse(teacherLines[0]).body).toMatchObject({ model: "sim-strong", n: 6 });
    await ingestBatchOutput(run.id, linesOf(await answer(teacherLines)), testActor);
    const targetLines = await exportLines(run.id);
    expect(targetLines.every((l) => decodeCustomId(JSON.parse(l).custom_id)!.role === "target")).toBe(true);
    const unverifiable = 20 - targetLines.length;
    await ingestBatchOutput(run.id, linesOf(await answer(targetLines)), testActor);
    const p = await runProgress(run.id);
    expect(p).toMatchObject({ status: "done", completed: 20 });
    expect(p.bands.unverifiable).toBe(unverifiable);
  });

  it("teacher, proxy and judge: a batch run follows the live run's plan and ends at the same scores; lines the plan does not need are refused", async () => {
    // One pool, every path of the plan: own references, no reference (the teacher's plurality
    // becomes the proxy, or the candidate is unverifiable), blank answers, a judge.
    const withAnswer = mathItems(8, "beq-own");
    const known = mathItems(12, "beq-teach", false);
    const unknown = Array.from({ length: 4 }, (_, i) => ({ prompt: `[beq mystery ${i}] Name a prime between 1000 and 2000.`, answer: ["\n", null][i % 2] }));
    for (const sim of [live, offline]) sim.addAnswerKey([...withAnswer, ...known].map((i) => i.key));
    await seedDomain("equiv", [...withAnswer, ...known, ...unknown]);
    const strong = (await createTestEndpoint("strong-equiv", live.url, "sim-strong")).id;
    const settings = { domain: "equiv", targetEndpointId: endpoint, k: 4, teacherEndpointId: strong, teacherK: 6, teacherAgreement: 0.5, judgeEndpointId: strong };
    const scores = async (runId: number) => {
      const { rows } = await pool().query(
        `select candidate_id, passes, k, band::text, proxy_reference, teacher_agreement, judge_score from candidate_score where run_id = $1 order by candidate_id`,
        [runId],
      );
      return rows;
    };

    const liveRun = await createRun({ ...settings, phase: "scaling" }, testActor);
    expect(await driveRun(liveRun.id, { continueAsJob: false })).toMatchObject({ outcome: "done", candidates: 24 });
    const expected = await scores(liveRun.id);
    expect(expected).toHaveLength(24);
    expect(expected.filter((r) => r.proxy_reference !== null).length).toBeGreaterThan(6);
    expect(expected.filter((r) => r.band === "unverifiable").length).toBeGreaterThanOrEqual(4);
    expect(expected.filter((r) => r.judge_score !== null).length).toBeGreaterThan(10);

    const run = await createRun({ ...settings, phase: "exploration", sampleSize: 1000, mode: "batch" }, testActor);
    const first = await exportLines(run.id);
    const keyOf = (l: string) => decodeCustomId(JSON.parse(l).custom_id)!;
    // The plan's first step: target samples for own references, teacher answers for the rest.
    expect(first.map(keyOf).filter((k) => k.role === "target")).toHaveLength(8);
    expect(first.map(keyOf).filter((k) => k.role === "teacher")).toHaveLength(16);
    const answered = await answer(first);

    // Lines the plan does not need yet, or at all (the old import stored all but none of these):
    // a target line verified against a proxy of the first 3 of 6 teacher answers, a teacher line
    // for a candidate with its own reference, a judge line before any target sample is in.
    const teacherAt = first.findIndex((l) => keyOf(l).role === "teacher");
    const targetAt = first.findIndex((l) => keyOf(l).role === "target");
    const b = keyOf(first[teacherAt]).candidateId;
    const a = keyOf(first[targetAt]).candidateId;
    const out = JSON.parse(answered[teacherAt]);
    const partial = JSON.stringify({ ...out, custom_id: `ew:${run.id}:${b}:teacher:0-2`, response: { ...out.response, body: { ...out.response.body, choices: out.response.body.choices.slice(0, 3) } } });
    const reuse = (customId: string) => JSON.stringify({ ...JSON.parse(answered[targetAt]), custom_id: customId });
    const early = await ingestBatchOutput(run.id, linesOf([partial, reuse(`ew:${run.id}:${b}:target:0-3`), reuse(`ew:${run.id}:${a}:teacher:0-3`), reuse(`ew:${run.id}:${a}:judge:0`)]), testActor);
    expect(early).toMatchObject({ accepted: 1, samples: 3, errors: 3 });
    expect(early.problems.map((p) => [p.line, p.reason])).toEqual([
      [3, "no teacher answers needed: the candidate has its own reference, or its teacher answers are complete"],
      [2, "no reference yet: the teacher's answers are not all in"],
      [4, "nothing to judge yet: the target samples are not all in"],
    ]);

    // Then the real answers, export after export, until the plan needs nothing more.
    let lines = first;
    let replies = answered;
    const roles: string[][] = [];
    for (let round = 0; ; round++) {
      expect(round, "the plan ends within three exports").toBeLessThan(3);
      roles.push([...new Set(lines.map((l) => keyOf(l).role))].sort());
      const report = await ingestBatchOutput(run.id, linesOf(replies), testActor);
      expect(report).toMatchObject({ errors: 0, rejected: 0, duplicates: 0 });
      if ((await runProgress(run.id)).status === "done") break; // a finished run exports nothing more (409)
      lines = await exportLines(run.id);
      replies = await answer(lines);
    }
    expect(roles).toEqual([["target", "teacher"], ["judge", "target"], ["judge"]]);
    expect(await scores(run.id)).toEqual(expected);
  }, 120_000);

  it("refuses forged lines (issue 8): another run's custom_id, indices outside k, roles the run lacks; live and finished runs take nothing", async () => {
    const forge = mathItems(6, "forge");
    live.addAnswerKey(forge.map((i) => i.key));
    offline.addAnswerKey(forge.map((i) => i.key));
    await seedDomain("forge", forge);
    const liveRun = await createRun({ domain: "forge", targetEndpointId: endpoint, phase: "scaling", k: 8 }, testActor);
    expect(await driveRun(liveRun.id, { continueAsJob: false })).toMatchObject({ outcome: "done" });
    const batchRun = await createRun({ domain: "forge", targetEndpointId: endpoint, phase: "exploration", sampleSize: 100, k: 4, mode: "batch" }, testActor);
    const requests = (await exportLines(batchRun.id)).map((l) => JSON.parse(l) as { custom_id: string; body: { n: number } });
    const cand = decodeCustomId(requests[0].custom_id)!.candidateId;
    const liveSamples = await samplesPerCandidate(liveRun.id);
    const line = (custom_id: string, n: number) =>
      JSON.stringify({ custom_id, response: { status_code: 200, body: { choices: Array.from({ length: n }, () => ({ message: { content: "Answer: 1" } })) } } });

    // The file, aimed at the finished live run through its own URL: a 409, nothing stored.
    const forged = [line(`ew:${liveRun.id}:${cand}:target:8-107`, 100)];
    await expect(ingestBatchOutput(liveRun.id, linesOf(forged), testActor)).rejects.toMatchObject({ status: 409, message: expect.stringMatching(/live run/) });
    await expect(writeBatchRequests(liveRun.id, new PassThrough())).rejects.toMatchObject({ status: 409 });

    // Through a batch run's URL: the foreign and out-of-range lines are refused line by line.
    const report = await ingestBatchOutput(batchRun.id, linesOf([
      ...forged,
      line(`ew:${batchRun.id}:${cand}:target:4-11`, 8),
      line(`ew:${batchRun.id}:${cand}:target:3,4`, 2),
      line(`ew:${batchRun.id}:${cand}:teacher:0`, 1),
      line(`ew:${batchRun.id}:${cand}:judge:0`, 1),
      ...requests.map((r) => line(r.custom_id, r.body.n)),
    ]), testActor);
    expect(report).toMatchObject({ lines: 5 + requests.length, rejected: 5, accepted: requests.length, samples: 4 * requests.length });
    expect(report.problems.map((p) => [p.line, p.reason])).toEqual([
      [1, `belongs to run #${liveRun.id}, not run #${batchRun.id}`],
      [2, "target sample indices must lie in 0-3 (this run's k); got 4, 5, 6, …"],
      [3, "target sample indices must lie in 0-3 (this run's k); got 4"],
      [4, `run #${batchRun.id} has no teacher model`],
      [5, `run #${batchRun.id} has no judge model`],
    ]);
    expect(await samplesPerCandidate(liveRun.id)).toEqual(liveSamples);
    expect([...(await samplesPerCandidate(batchRun.id)).values()].every((n) => n === 4)).toBe(true);
    const { rows } = await pool().query<{ k: number }>("select k from candidate_score where candidate_id = $1", [cand]);
    expect(rows[0].k).toBe(4);

    // Finished (done) and cancelled batch runs take nothing more.
    expect((await runProgress(batchRun.id)).status).toBe("done");
    await expect(ingestBatchOutput(batchRun.id, linesOf([line(`ew:${batchRun.id}:${cand}:target:0-3`, 4)]), testActor)).rejects.toMatchObject({
      status: 409, message: `Run #${batchRun.id} is done: it takes no more samples`,
    });
    const cancelled = await createRun({ domain: "forge", targetEndpointId: endpoint, phase: "exploration", sampleSize: 100, k: 2, mode: "batch" }, testActor);
    await cancelRun(cancelled.id, testActor);
    await expect(ingestBatchOutput(cancelled.id, linesOf([line(`ew:${cancelled.id}:${cand}:target:0-1`, 2)]), testActor)).rejects.toMatchObject({ status: 409 });

    // The same through the real route handlers, as a lead with a token.
    const api = tokenUsers("batch.test");
    await api.add("forger", "lead");
    const batchRoute = await import("@/app/api/runs/[id]/batch/route");
    const requestsRoute = await import("@/app/api/runs/[id]/batch/requests/route");
    const post = (handler: typeof batchRoute.POST, runId: number, raw?: string) =>
      api.request(handler, "forger", { method: "POST", path: `api/runs/${runId}/batch`, raw, params: { id: String(runId) } });
    const res = await post(batchRoute.POST, liveRun.id, forged.join("\n"));
    expect(res.status).toBe(409);
    expect((await res.json()).error.message).toMatch(/live run/);
    expect((await post(requestsRoute.POST, liveRun.id)).status).toBe(409);
    const refused = await post(requestsRoute.POST, cancelled.id);
    expect(refused.status).toBe(409);
    expect((await refused.json()).error.message).toBe(`Run #${cancelled.id} is cancelled: it takes no more samples (continue it as a new batch run to score the rest)`);
    // The CLI refuses the same runs with the same reason (main.ts prints it and exits 1), writing nothing.
    const { run: runBatch } = await import("@/lib/cli/batch");
    await expect(runBatch(["export", "--run", String(cancelled.id)])).rejects.toThrow(/is cancelled: it takes no more samples/);
    await expect(runBatch(["export", "--run", String(liveRun.id)])).rejects.toThrow(/is a live run: .*start a batch run/);
    expect(await samplesPerCandidate(liveRun.id)).toEqual(liveSamples);
    // Exporting is a POST now; GET is not exported, so Next answers it 405 (e2e checks that over HTTP).
    expect((batchRoute as Record<string, unknown>).GET).toBeUndefined();
  });
});
