import { systemActor } from "@/lib/audit";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importFile } from "@/lib/candidates/import";
import { pool } from "@/lib/db/client";
import { createDomain } from "@/lib/domains";
import { AppError } from "@/lib/errors";
import { closeConnections } from "@/lib/scoring/test-fixtures";
import { useMigratedDatabase } from "@/lib/testing/db";
import {
  candidateContamination, deleteBenchmark, domainBenchmarks, getDecontamCheck, listBenchmarks,
  runDecontamCheck, runDecontamNow, setBenchmarkOverride, uploadBenchmark,
} from "./index";
import { queueDecontamAfterImport } from "./decontam-checks";

const lead = { id: null, email: "lead@decontam.test" };
const JOSH =
  "Josh decides to try flipping a house.  He buys a house for $80,000 and then puts in $50,000 in repairs.  This increased the value of the house by 150%.  How much profit did he make?";
const AIME_WORDS = "be the least prime number for which there exists a positive integer"; // 12 words of an AIME 2024 problem

let domainId: number;
const ids: Record<string, number> = {};

async function addCandidate(key: string, prompt: string, domain = domainId) {
  const { rows } = await pool().query<{ id: number }>(
    "insert into candidate (domain_id, prompt, prompt_hash) values ($1, $2::text, sha256(convert_to($2::text, 'UTF8'))) returning id",
    [domain, prompt],
  );
  ids[key] = rows[0].id;
}

const flags = async () => {
  const { rows } = await pool().query<{ id: number; contaminated: boolean }>("select id, contaminated from candidate where domain_id = $1", [domainId]);
  const byId = new Map(rows.map((r) => [r.id, r.contaminated]));
  return Object.fromEntries(Object.entries(ids).filter(([, id]) => byId.has(id)).map(([k, id]) => [k, byId.get(id)]));
};

beforeAll(async () => {
  await useMigratedDatabase();
  domainId = (await createDomain({ slug: "mathd", name: "Math D" }, systemActor)).id;
  // A GSM8K test item inside a longer prompt, its whitespace, case and punctuation changed.
  await addCandidate("embedded", `Solve this carefully and explain each step.\n\n${JOSH.toUpperCase().replace(/\s+/g, " ")}\n\nGive only the number at the end.`);
  // A short prompt sharing 8+ words with an AIME item: the 8-gram rule.
  await addCandidate("short", `Let q ${AIME_WORDS} k with k^2 + 1 divisible by q.`);
  // Common short phrases every math prompt has: no hit.
  await addCandidate("common", "How much profit did he make? Find the least positive integer. What is the value of x? Show your work.");
  await addCandidate("clean", "A train leaves at noon travelling 60 km/h; a second leaves an hour later at 90 km/h. When does it catch up?");
});

afterAll(async () => {
  await closeConnections();
});

describe("benchmarks", () => {
  it("ships the built-ins with their item counts and sources", async () => {
    const all = await listBenchmarks();
    const counts = Object.fromEntries(all.filter((b) => b.builtin).map((b) => [b.name, b.itemCount]));
    expect(counts).toEqual({ "GSM8K test": 1319, "AIME 2024": 30, "AMC 2023": 40, "MMLU-STEM": 3018, "MBPP test": 500 });
    expect(all.every((b) => b.source && b.licence && b.releaseDate)).toBe(true);
  });

  it("refuses an upload with bad lines, naming each line; nothing is stored", async () => {
    const file = ['{"question": "Fine one?", "answer": "1"}', "{not json", '{"answer": "no prompt"}', "", '{"question": "  ", "answer": "2"}'].join("\n");
    const err = await uploadBenchmark(lead, { name: "Broken", releaseDate: "2025-01-01", format: "generic", mapping: { prompt: "question" } }, Readable.from([Buffer.from(file)])).catch((e) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err.status).toBe(422);
    expect(err.details.badLines.map((b: { line: number }) => b.line)).toEqual([2, 3, 5]);
    expect(err.details.badLines[1].reason).toContain('"question" (mapped to prompt)');
    expect(err.message).toMatch(/3 bad lines, nothing stored \(line 2: not valid JSON; line 3: missing/);
    expect((await listBenchmarks()).some((b) => b.name === "Broken")).toBe(false);
  });
});

describe("decontamination", () => {
  it("finds an item embedded in a longer prompt and a short prompt's 8-gram, ignores common phrases", async () => {
    const summary = await runDecontamNow(lead, "mathd");
    expect(summary).toMatchObject({ candidates: 4, hits: 2, contaminated: 2 });
    expect(await flags()).toEqual({ embedded: true, short: true, common: false, clean: false });

    const [hit] = await candidateContamination(ids.embedded);
    expect(hit).toMatchObject({ benchmark: "GSM8K test", n: 13, overridden: false, item: { prompt: JOSH, line: 3 } });
    expect(JOSH.toLowerCase()).toContain(hit.ngram.split(" ").slice(0, 3).join(" "));
    const [short] = await candidateContamination(ids.short);
    expect(short).toMatchObject({ benchmark: "AIME 2024", n: 8 });
    expect(AIME_WORDS).toContain(short.ngram);
  });

  it("an override flips contaminated off and back on, audited", async () => {
    const gsm = (await listBenchmarks()).find((b) => b.name === "GSM8K test")!;
    expect(await setBenchmarkOverride(lead, "mathd", gsm.id, true)).toEqual({ overridden: true, changed: 1 });
    expect((await flags()).embedded).toBe(false);
    expect((await candidateContamination(ids.embedded))[0].overridden).toBe(true);
    expect((await domainBenchmarks(domainId)).find((b) => b.id === gsm.id)).toMatchObject({ overridden: true, hits: 1 });
    // A new pass keeps respecting the override.
    await runDecontamNow(lead, "mathd", { benchmarks: ["gsm8k TEST"] });
    expect((await flags()).embedded).toBe(false);
    expect(await setBenchmarkOverride(lead, "mathd", gsm.id, false)).toEqual({ overridden: false, changed: 1 });
    expect((await flags()).embedded).toBe(true);
    const { rows } = await pool().query<{ action: string }>("select action from audit_event where action like 'benchmark.override.%' order by id");
    expect(rows.map((r) => r.action)).toEqual(["benchmark.override.set", "benchmark.override.remove"]);
  });

  it("an uploaded benchmark is checked, a rerun replaces hits, deleting it clears its flags", async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "bench-")), "mine.jsonl");
    const own = "A train leaves at noon travelling 60 km/h; a second leaves an hour later at 90 km/h.";
    fs.writeFileSync(file, JSON.stringify({ problem: own, answer: "3 pm" }) + "\n" + JSON.stringify({ problem: "Unrelated item about sets and groups.", answer: "x" }) + "\n");
    const mine = await uploadBenchmark(lead, { name: "Trains", releaseDate: "2025-06-01", format: "generic", mapping: { prompt: "problem" } }, file);
    expect(mine).toMatchObject({ name: "Trains", itemCount: 2, builtin: false, releaseDate: "2025-06-01" });
    const summary = await runDecontamNow(lead, "mathd", { benchmarks: ["Trains"] });
    expect(summary.benchmarks.map((b) => b.name)).toEqual(["Trains"]);
    expect(await flags()).toEqual({ embedded: true, short: true, common: false, clean: true });

    // The candidate no longer matches (edited): the rerun removes its hit and its flag.
    await pool().query("update candidate set prompt = 'A bus leaves at noon.' where id = $1", [ids.clean]);
    await runDecontamNow(lead, "mathd", { benchmarks: ["Trains"] });
    expect((await flags()).clean).toBe(false);
    await pool().query("update candidate set prompt = $2 where id = $1", [ids.clean, own]);
    await runDecontamNow(lead, "mathd", { benchmarks: ["Trains"] });
    expect((await flags()).clean).toBe(true);
    await deleteBenchmark(lead, mine.id);
    expect((await flags()).clean).toBe(false);
    const gsm = (await listBenchmarks()).find((b) => b.name === "GSM8K test")!;
    await expect(deleteBenchmark(lead, gsm.id)).rejects.toThrow(/built in/);
  });

  it("a rule with other n finds other things", async () => {
    const s = await runDecontamNow(lead, "mathd", { benchmarks: ["AIME 2024"], rule: { n: 13, shortBelow: 0 } });
    expect(s.rule).toMatchObject({ n: 13, shortBelow: 0 });
    expect((await flags()).short).toBe(false); // 12 shared words: no 13-gram, and no 8-gram rule
  });

  it("after an import, the batch's candidates are checked in a job-shaped check", async () => {
    await createDomain({ slug: "imp", name: "Imp" }, systemActor);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "imp-")), "pool.jsonl");
    fs.writeFileSync(file, [JSON.stringify({ prompt: `Homework: ${JOSH}` }), JSON.stringify({ prompt: "Nothing to see here." })].join("\n") + "\n");
    const summary = await importFile(file, { domainSlug: "imp", format: "generic", createdBy: "test" });
    const [checkId] = await queueDecontamAfterImport(summary.batchId);
    expect(await getDecontamCheck(checkId)).toMatchObject({ status: "queued", batchId: summary.batchId, total: 2 });
    await runDecontamCheck(checkId);
    expect(await getDecontamCheck(checkId)).toMatchObject({ status: "done", candidates: 2, hits: 1, contaminated: 1 });
  });
});
