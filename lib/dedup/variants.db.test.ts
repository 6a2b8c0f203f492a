import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemActor } from "@/lib/audit";
import { pool } from "@/lib/db/client";
import { createDomain } from "@/lib/domains";
import { boss } from "@/lib/jobs/boss";
import { handlers } from "@/lib/jobs/handlers";
import { readSection } from "@/lib/models/prompts";
import { closeConnections, createTestEndpoint } from "@/lib/scoring/test-fixtures";
import { transformNow } from "@/lib/scoring/transform";
import { useMigratedDatabase } from "@/lib/testing/db";
import { nearDupCard, runDecontamNow } from ".";
import { nearDupPass } from "./run";
import { basePrompt, edits, flags, insertBatch } from "./test-fixtures";

// A transform's variants are new to the pool: the insert queues their re-check (contamination
// and near-duplicates, the `dedup.recheck` job), and the near-duplicate rule treats a variant's
// similarity to its own parent and siblings as lineage, never as duplication — while a variant
// that copies some other prompt is flagged like any candidate.

// A GSM8K test item (built-in benchmark).
const JOSH =
  "Josh decides to try flipping a house.  He buys a house for $80,000 and then puts in $50,000 in repairs.  This increased the value of the house by 150%.  How much profit did he make?";
const CLEAN = "A farmer plants rows of beans and counts the sprouts each week; describe how you would estimate the harvest.";

// The teacher: a real HTTP endpoint that writes, for each parent problem, the variant the test
// set for it next (as a model recalling a known problem, or copying a prompt, would).
const nextVariant = new Map<string, string>();
let teacher: http.Server;
let teacherId: number;
let domainId: number;
let ids: number[];
let parentClean: number;

function startTeacher(): Promise<string> {
  teacher = http.createServer((req, res) => {
    let body = "";
    req.on("data", (d) => (body += d));
    req.on("end", () => {
      const { messages } = JSON.parse(body) as { messages: { role: string; content: string }[] };
      const problem = readSection(messages.at(-1)!.content, "problem") ?? "";
      const prompt = nextVariant.get(problem.trim()) ?? `${problem} Give the final answer as a single number.`;
      const content = JSON.stringify({ prompt, answer: "42" });
      res.writeHead(200, { "content-type": "application/json" }).end(
        JSON.stringify({
          id: "t", object: "chat.completion", model: "teacher",
          choices: [{ index: 0, message: { role: "assistant", content }, finish_reason: "stop" }],
          usage: { prompt_tokens: 50, completion_tokens: 50 },
        }),
      );
    });
  });
  return new Promise((resolve) => teacher.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(teacher.address() as AddressInfo).port}`)));
}

/** Transform one parent into the given variant text; returns the variant's id. */
async function transform(parentId: number, parentPrompt: string, variant: string): Promise<number> {
  nextVariant.set(parentPrompt.trim(), variant);
  const report = await transformNow([parentId], teacherId, systemActor);
  expect(report).toMatchObject({ created: 1, failed: 0 });
  return report.variants[0].childId;
}

/** What the worker would do: run every queued `dedup.recheck` job through its handler. */
async function runQueuedChecks(): Promise<number> {
  const b = await boss();
  let ran = 0;
  for (;;) {
    const jobs = await b.fetch<{ candidateIds: number[] }>("dedup.recheck", { batchSize: 20 });
    if (!jobs.length) return ran;
    for (const j of jobs) {
      await handlers["dedup.recheck"](j.data);
      await b.complete("dedup.recheck", j.id);
      ran++;
    }
  }
}

const contaminated = async (id: number) => (await pool().query("select contaminated from candidate where id = $1", [id])).rows[0].contaminated as boolean;
const pairSimilarity = async (x: number, y: number) =>
  (await pool().query<{ similarity: number }>("select similarity from neardup_pair where a = $1 and b = $2", [Math.min(x, y), Math.max(x, y)])).rows[0]?.similarity;

beforeAll(async () => {
  await useMigratedDatabase();
  teacherId = (await createTestEndpoint("teacher", await startTeacher(), "teacher")).id;
  domainId = (await createDomain({ slug: "math", name: "Math" }, systemActor)).id;
  ({ ids } = await insertBatch(domainId, [1, 2, 3, 4, 5, 6].map((i) => ({ prompt: basePrompt(i), answer: "1" }))));
  parentClean = (await insertBatch(domainId, [{ prompt: CLEAN }])).ids[0];
  // The pool is checked already: only what a transform adds is new.
  await nearDupPass({ domainId });
  await runDecontamNow(systemActor, "math");
  await runQueuedChecks();
});

afterAll(async () => {
  await new Promise((r) => teacher?.close(r));
  await closeConnections();
});

describe("transform variants are checked like any new candidate", () => {
  it("a variant that reproduces a benchmark item is flagged contaminated once its queued check runs", async () => {
    const variant = await transform(parentClean, CLEAN, `Estimate carefully. ${JOSH} Give the final answer as a single number.`);
    expect(await contaminated(variant)).toBe(false); // not yet checked: the job is queued with the insert
    expect(await runQueuedChecks()).toBe(1);
    expect(await contaminated(variant)).toBe(true);
    expect(await contaminated(parentClean)).toBe(false);
    const { rows } = await pool().query<{ name: string }>(
      "select b.name from contamination_hit h join benchmark b on b.id = h.benchmark_id where h.candidate_id = $1",
      [variant],
    );
    expect(rows.map((r) => r.name)).toContain("GSM8K test");
  });

  it("a variant near its parent, and sibling variants near each other, are lineage: stored and shown, never flagged", async () => {
    const parent = ids[0];
    const base = basePrompt(1);
    const first = await transform(parent, base, `${edits.renumbered(base)} Give the final answer as a single number.`);
    const second = await transform(parent, base, `${edits.punctuation(base)} Answer with one number.`);
    // A variant of a variant is of the same lineage too.
    const grandchild = await transform(first, `${edits.renumbered(base)} Give the final answer as a single number.`, `${edits.reworded(base)} Give one number.`);
    expect(await runQueuedChecks()).toBe(3);

    // The pairs are real near-copies by the domain's threshold (0.8)…
    for (const [x, y] of [[parent, first], [parent, second], [first, second], [parent, grandchild], [second, grandchild]]) {
      expect(await pairSimilarity(x, y)).toBeGreaterThanOrEqual(0.8);
    }
    // …yet nobody is flagged for them.
    const f = await flags([parent, first, second, grandchild]);
    for (const id of [parent, first, second, grandchild]) expect(f.get(id)!.of).toBeNull();
    const card = await nearDupCard(second);
    expect(card.representative).toBeNull();
    expect(card.pairs.map((p) => [p.id, p.lineage]).sort()).toEqual([[parent, true], [first, true], [grandchild, true]].sort());

    // A full pass of the domain follows the same rule.
    await nearDupPass({ domainId });
    for (const id of [parent, first, second, grandchild]) expect((await flags([id])).get(id)!.of).toBeNull();
  });

  it("when the parent has a near-copy in the pool, the copy is flagged and the parent keeps its variant", async () => {
    const base = basePrompt(7);
    const { ids: [parent, copy] } = await insertBatch(domainId, [{ prompt: base, answer: "1" }, { prompt: edits.punctuation(base) }]);
    await nearDupPass({ domainId });
    expect((await flags([copy])).get(copy)!.of).toBe(parent);

    // The variant is near both: one cluster {parent, copy, variant} through the copy.
    const variant = await transform(parent, base, `${edits.renumbered(base)} Give the final answer as a single number.`);
    expect(await runQueuedChecks()).toBe(1);
    expect(await pairSimilarity(copy, variant)).toBeGreaterThanOrEqual(0.8);
    const f = await flags([parent, copy, variant]);
    expect(f.get(copy)!.of).toBe(parent);
    expect(f.get(parent)!.of).toBeNull();
    expect(f.get(variant)!.of).toBeNull(); // of the representative's own lineage: kept with it
  });

  it("a variant that copies another, unrelated candidate is flagged near-duplicate of it", async () => {
    const [parent, other] = [ids[2], ids[4]];
    const variant = await transform(parent, basePrompt(3), `${edits.reworded(basePrompt(5))} Give the final answer as a single number.`);
    expect(await runQueuedChecks()).toBe(1);
    expect((await flags([variant])).get(variant)!.of).toBe(other);
    expect((await flags([parent])).get(parent)!.of).toBeNull();
    const card = await nearDupCard(variant);
    expect(card.pairs.find((p) => p.id === other)).toMatchObject({ lineage: false, atThreshold: true });
  });
});
