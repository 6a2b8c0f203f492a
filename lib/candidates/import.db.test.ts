import { systemActor } from "@/lib/audit";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { beforeAll, describe, expect, it } from "vitest";
import { pool } from "@/lib/db/client";
import { createDomain } from "@/lib/domains";
import { useMigratedDatabase } from "@/lib/testing/db";
import { createImportBatch, getImportBatch, importFile, importStream, listImportErrors, streamImportErrors } from "./import";

const fixtures = path.join(import.meta.dirname, "fixtures");

function tmpFile(content: string | Buffer): string {
  const f = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "imp-")), "pool.jsonl");
  fs.writeFileSync(f, content);
  return f;
}

async function count(sql: string, params: unknown[] = []): Promise<number> {
  const { rows } = await pool().query(sql, params);
  return Number(rows[0].n);
}

beforeAll(async () => {
  await useMigratedDatabase();
  await createDomain({ slug: "math", name: "Math" }, systemActor);
  await createDomain({ slug: "science", name: "Science", answerKind: "mcq" }, systemActor);
  await createDomain({ slug: "code", name: "Code", answerKind: "code" }, systemActor);
});

describe("import", () => {
  it("keeps every good line and reports each bad one by line number", async () => {
    const lines = [
      '{"prompt": "What is 1+1?", "answer": "2"}',
      "{not json",
      '{"answer": "no prompt"}',
      "",
      '{"prompt": 42}',
      '{"prompt": "   "}',
      '{"prompt": "Second good", "source": "s1", "metadata": {"k": 1}}',
      '{"prompt": "Other domain", "domain": "science"}',
      '{"prompt": "Nowhere", "domain": "history"}',
    ];
    const file = tmpFile(Buffer.concat([Buffer.from(lines.join("\n") + "\n"), Buffer.from([0xff, 0xfe, 0x0a])]));
    const s = await importFile(file, { domainSlug: "math", createdBy: "test" });
    expect(s).toMatchObject({ read: 9, inserted: 3, duplicates: 0, rejected: 6 });
    expect(s.errors.map((e) => e.line)).toEqual([2, 3, 5, 6, 9, 10]);
    expect(s.errors.find((e) => e.line === 2)?.reason).toMatch(/invalid JSON/);
    expect(s.errors.find((e) => e.line === 3)?.reason).toBe('missing "prompt"; the line has "answer": map one to prompt, or pick the file\'s format');
    expect(s.errors.find((e) => e.line === 9)?.reason).toBe('unknown domain "history"');
    expect(s.errors.find((e) => e.line === 10)?.reason).toBe("invalid UTF-8");

    const batch = await getImportBatch(s.batchId);
    expect(batch).toMatchObject({ status: "done", inserted: 3, rejected: 6, fileName: "pool.jsonl", bytesRead: fs.statSync(file).size });
    expect((await listImportErrors(s.batchId, { limit: 2 })).items.map((e) => e.line)).toEqual([2, 3]);
    let jsonl = "";
    for await (const part of streamImportErrors(s.batchId)) jsonl += part;
    expect(jsonl.trim().split("\n")).toHaveLength(6);
    expect(await count("select count(*) n from candidate c join domain d on d.id = c.domain_id where d.slug = 'science'")).toBe(1);
  });

  it("skips exact duplicates (NFKC, whitespace) within a file and across imports, per domain", async () => {
    const a = tmpFile('{"prompt": "Dup  prompt"}\n{"prompt": " Dup prompt "}\n{"prompt": "Ｄup prompt"}\n{"prompt": "dup prompt"}\n');
    const first = await importFile(a, { domainSlug: "code", createdBy: "test" });
    expect(first).toMatchObject({ read: 4, inserted: 2, duplicates: 2 }); // case is kept: "dup" differs
    const again = await importFile(a, { domainSlug: "code", createdBy: "test" });
    expect(again).toMatchObject({ inserted: 0, duplicates: 4 });
    const elsewhere = await importFile(a, { domainSlug: "science", createdBy: "test" });
    expect(elsewhere.inserted).toBe(2); // another domain is another pool
  });

  it("imports the gsm8k, mmlu and mbpp formats from real samples", async () => {
    const g = await importFile(path.join(fixtures, "gsm8k.jsonl"), { domainSlug: "math", format: "gsm8k", createdBy: "t" });
    const m = await importFile(path.join(fixtures, "mmlu.jsonl"), { domainSlug: "science", format: "mmlu", createdBy: "t" });
    const b = await importFile(path.join(fixtures, "mbpp.jsonl"), { domainSlug: "code", format: "mbpp", createdBy: "t" });
    for (const s of [g, m, b]) expect(s).toMatchObject({ read: 3, inserted: 3, rejected: 0 });
    const { rows } = await pool().query("select answer, source from candidate where batch_id = $1", [m.batchId]);
    expect(rows.every((r) => /^[A-D]$/.test(r.answer) && r.source === "mmlu")).toBe(true);
  });

  it("imports the chat format: GSM8K as an SFT set of messages, the reference taken from each solution's '#### x'", async () => {
    const gsm = fs.readFileSync(path.join(fixtures, "gsm8k.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l) as { question: string; answer: string });
    const lines = gsm.map((g) => JSON.stringify({ messages: [{ role: "user", content: `[chat] ${g.question}` }, { role: "assistant", content: g.answer }] }));
    lines.splice(1, 0, JSON.stringify({ messages: [{ role: "user", content: "a" }, { role: "assistant", content: "b" }, { role: "user", content: "c" }] }));
    const s = await importFile(tmpFile(lines.join("\n") + "\n"), { domainSlug: "math", format: "chat", createdBy: "t" });
    expect(s).toMatchObject({ read: 4, inserted: 3, rejected: 1 });
    expect((await listImportErrors(s.batchId)).items).toEqual([
      expect.objectContaining({ line: 2, reason: "has 2 user turns: Edgewise scores single-turn prompts (one user turn)" }),
    ]);
    const { rows } = await pool().query("select answer, source, metadata->>'solution' as solution from candidate where batch_id = $1 order by id", [s.batchId]);
    expect(rows.map((r) => r.answer)).toEqual(gsm.map((g) => g.answer.slice(g.answer.lastIndexOf("####") + 4).trim().replace(/,/g, "")));
    expect(rows.every((r, i) => r.source === "chat" && r.solution === gsm[i].answer)).toBe(true);
  });

  it("commits in chunks and streams in bounded memory", async () => {
    const { id } = await createImportBatch({ fileName: "gen.jsonl", domainSlug: "math", createdBy: "t" });
    async function* gen() {
      for (let i = 0; i < 12_000; i++) yield Buffer.from(JSON.stringify({ prompt: `Generated ${i} ${"x".repeat(100)}` }) + "\n");
    }
    const s = await importStream(id, Readable.from(gen()));
    expect(s).toMatchObject({ read: 12_000, inserted: 12_000, rejected: 0 });
    expect(await count("select count(*) n from candidate where batch_id = $1", [id])).toBe(12_000);
  });

  it("into an empty domain, still catches duplicates that lie chunks apart", async () => {
    await createDomain({ slug: "fresh", name: "Fresh" }, systemActor);
    const prompts = Array.from({ length: 11_000 }, (_, i) => `Fresh ${i % 10_000}`); // 1,000 repeats, 10,000 lines apart
    const file = tmpFile(prompts.map((p) => JSON.stringify({ prompt: p })).join("\n") + "\n");
    const s = await importFile(file, { domainSlug: "fresh", createdBy: "t" });
    expect(s).toMatchObject({ read: 11_000, inserted: 10_000, duplicates: 1_000 });
    const again = await importFile(file, { domainSlug: "fresh", createdBy: "t" });
    expect(again).toMatchObject({ inserted: 0, duplicates: 11_000 });
  });

  it("marks a batch failed, with the reason, when the stream breaks", async () => {
    const { id } = await createImportBatch({ fileName: "broken.jsonl", domainSlug: "math", createdBy: "t" });
    async function* broken() {
      yield Buffer.from('{"prompt": "fine"}\n');
      throw new Error("disk went away");
    }
    await expect(importStream(id, Readable.from(broken()))).rejects.toThrow(/disk went away/);
    expect(await getImportBatch(id)).toMatchObject({ status: "failed", errorMessage: expect.stringMatching(/disk went away/) });
  });

  it("stays exact when two imports of the same prompts race (unique-violation fallback)", async () => {
    await createDomain({ slug: "race", name: "Race" }, systemActor);
    const body = Array.from({ length: 3000 }, (_, i) => JSON.stringify({ prompt: `Race prompt ${i}` })).join("\n");
    const file = tmpFile(body + "\n");
    const [a, b] = await Promise.all([
      importFile(file, { domainSlug: "race", createdBy: "a" }),
      importFile(file, { domainSlug: "race", createdBy: "b" }),
    ]);
    expect(a.inserted + b.inserted).toBe(3000);
    expect(a.inserted + a.duplicates).toBe(3000);
    expect(b.inserted + b.duplicates).toBe(3000);
    expect(await count("select count(*) n from candidate c join domain d on d.id = c.domain_id where d.slug = 'race'")).toBe(3000);
  });

  it("rejects an unknown default domain up front", async () => {
    await expect(createImportBatch({ fileName: "x", domainSlug: "nope", createdBy: "t" })).rejects.toMatchObject({ code: "not_found" });
  });
});
