import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as cardRoute } from "@/app/api/candidates/[id]/neardup/route";
import { GET as passRoute } from "@/app/api/dedup/neardup/[id]/route";
import { GET as latestRoute, POST as startRoute } from "@/app/api/dedup/neardup/route";
import { POST as unflagRoute } from "@/app/api/dedup/pairs/unflag/route";
import { systemActor } from "@/lib/audit";
import { createDomain } from "@/lib/domains";
import { stopBoss } from "@/lib/jobs/boss";
import { useMigratedDatabase } from "@/lib/testing/db";
import { tokenUsers } from "@/lib/testing/route-calls";
import { pool } from "@/lib/db/client";
import { jobAlive } from "@/lib/jobs/enqueue";
import { sweepNearDupPasses } from ".";
import { queueNearDupAfterImport } from "./neardup-jobs";
import { runNearDupPassJob } from "./run";
import { basePrompt, edits, flags, insertBatch } from "./test-fixtures";

// The HTTP edge of near-duplicates: leads start passes and unflag pairs; readers of a domain
// follow its passes and read a candidate's card, without previews of other domains.

const api = tokenUsers("api.dedup");
const call = api.call;

let math: number;
let science: number;

beforeAll(async () => {
  await useMigratedDatabase();
  await api.add("lead", "lead");
  await api.add("rev", "reviewer");
  math = (await createDomain({ slug: "math", name: "Math" }, systemActor)).id;
  science = (await createDomain({ slug: "science", name: "Science" }, systemActor)).id;
});

afterAll(async () => {
  await stopBoss();
});

describe("near-duplicate API", () => {
  it("a lead starts a domain pass as a job; its progress and the flags follow; a lead unflags a pair", async () => {
    const p = basePrompt(5);
    const { ids } = await insertBatch(math, [{ prompt: p, answer: "1" }, { prompt: edits.renumbered(p) }]);
    await insertBatch(science, [{ prompt: edits.punctuation(p) }]);

    expect((await call(startRoute, "rev", { method: "POST", body: { domain: "math" } })).status).toBe(403);
    const started = await call(startRoute, "lead", { method: "POST", body: { domain: "math", threshold: 0.85 } });
    expect(started.status).toBe(200);
    expect(started.json.pass).toMatchObject({ status: "queued", domainId: math });
    // The worker's job, run here.
    await runNearDupPassJob(started.json.pass.id);
    const pass = await call(passRoute, "lead", { params: { id: String(started.json.pass.id) } });
    expect(pass.json.pass).toMatchObject({ status: "done", phase: null, result: { flagged: 1, crossDomain: 2 } }); // both math prompts pair with the science copy
    expect(pass.json.pass.done).toBe(pass.json.pass.total);
    const latest = await call(latestRoute, "lead", { path: "x?domain=math" });
    expect(latest.json.pass.id).toBe(started.json.pass.id);
    expect((await flags(ids)).get(ids[1])!.of).toBe(ids[0]);

    // A reviewer without math is refused; the lead's card shows the cross-domain pair too.
    expect((await call(latestRoute, "rev", { path: "x?domain=math" })).status).toBe(403);
    expect((await call(cardRoute, "rev", { params: { id: String(ids[1]) } })).status).toBe(403);
    const card = await call(cardRoute, "lead", { params: { id: String(ids[0]) } });
    expect(card.json.members).toMatchObject([{ id: ids[1] }]);
    expect(card.json.pairs.map((x: { domain: string }) => x.domain).sort()).toEqual(["math", "science"]);

    expect((await call(unflagRoute, "rev", { method: "POST", body: { a: ids[0], b: ids[1] } })).status).toBe(403);
    expect((await call(unflagRoute, "lead", { method: "POST", body: { a: ids[0], b: ids[0] } })).status).toBe(400);
    const un = await call(unflagRoute, "lead", { method: "POST", body: { a: ids[1], b: ids[0] } });
    expect(un.status).toBe(200);
    expect(un.json.domain).toMatchObject({ flagged: 0 });
    expect((await flags(ids)).get(ids[1])!.of).toBeNull();
  });

  it("the worker's sweep queues a pass a CLI import recorded, and re-queues one whose runner died", async () => {
    const { batchId } = await insertBatch(math, [{ prompt: basePrompt(31) }]);
    const recorded = (await queueNearDupAfterImport(batchId, "cli (test)", { enqueue: false }))!;
    expect(await jobAlive("dedup.neardup", `neardup:${recorded.id}`)).toBe(false);
    expect(await sweepNearDupPasses()).toEqual([recorded.id]);
    expect(await jobAlive("dedup.neardup", `neardup:${recorded.id}`)).toBe(true);
    expect(await sweepNearDupPasses()).toEqual([]); // its job is waiting: nothing more

    await runNearDupPassJob(recorded.id);
    await pool().query("update neardup_pass set status = 'running', heartbeat_at = now() - interval '1 hour' where id = $1", [recorded.id]);
    await sweepNearDupPasses();
    const { rows } = await pool().query("select status::text from neardup_pass where id = $1", [recorded.id]);
    expect(rows[0].status).toBe("queued");
  });
});
