import { systemActor } from "@/lib/audit";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pool } from "@/lib/db/client";
import { queueChecksAfterImport, runDecontamCheck } from "@/lib/dedup";
import { runNearDupPassJob } from "@/lib/dedup/run";
import { createDomain } from "@/lib/domains";
import { AppError } from "@/lib/errors";
import { createRun } from "@/lib/scoring/runs";
import { recentChanges } from "@/lib/stats";
import { closeConnections, createTestEndpoint, testActor } from "@/lib/scoring/test-fixtures";
import { useMigratedDatabase } from "@/lib/testing/db";
import { importFile } from "./import";
import { getImportBatch } from "./import-batches";
import { discardImport } from "./import-discard";

// Discard an import (ADR 0033): its candidates and what the checks derived from them go, the
// batch stays on record; candidates that carry work, or that other imports' flags point at,
// keep the whole import where it is.

const lead = { id: null, email: "lead@discard.test" };
const JOSH =
  "Josh decides to try flipping a house.  He buys a house for $80,000 and then puts in $50,000 in repairs.  This increased the value of the house by 150%.  How much profit did he make?";
const LONG = "A farmer has a rectangular field that is three times as long as it is wide and the fence around it is four hundred metres long; how wide is the field in metres";

function file(lines: unknown[]): string {
  const f = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "discard-")), "pool.jsonl");
  fs.writeFileSync(f, lines.map((l) => JSON.stringify(l)).join("\n") + "\n");
  return f;
}
const importInto = async (domain: string, lines: unknown[]) => (await importFile(file(lines), { domainSlug: domain, format: "generic", createdBy: "t" })).batchId;
/** The checks an import queues, run to the end as the worker would. */
async function checked(batchId: number) {
  const checks = await queueChecksAfterImport(batchId, "t", { enqueue: false });
  if (checks.nearDup) await runNearDupPassJob(checks.nearDup.id);
  for (const id of checks.decontam) await runDecontamCheck(id);
}
const count = async (sql: string, params: unknown[]) => Number((await pool().query(sql, params)).rows[0].n);
const refusal = async (p: Promise<unknown>) => {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(AppError);
  expect((err as AppError).status).toBe(409);
  return (err as AppError).message;
};

beforeAll(async () => {
  await useMigratedDatabase();
  await createDomain({ slug: "right", name: "Right" }, systemActor);
  await createDomain({ slug: "wrong", name: "Wrong" }, systemActor);
}, 60_000);

afterAll(async () => {
  await closeConnections();
});

describe("discarding an import", () => {
  it("deletes its candidates and their check results, keeps the batch as discarded, and the file imports again", async () => {
    const lines = [{ prompt: `Homework: ${JOSH}`, answer: "70000" }, { prompt: LONG, answer: "50" }, { prompt: "What is 7 * 8?", answer: "56" }];
    const batchId = await importInto("wrong", lines);
    await checked(batchId);
    const ids = (await pool().query<{ id: number }>("select id from candidate where batch_id = $1", [batchId])).rows.map((r) => r.id);
    expect(ids).toHaveLength(3);
    expect(await count("select count(*) as n from contamination_hit where candidate_id = any($1)", [ids])).toBe(1); // the GSM8K test item
    expect(await count("select count(*) as n from neardup_hashed where candidate_id = any($1)", [ids])).toBe(3);
    const finished = (await getImportBatch(batchId)).finishedAt;

    expect(await discardImport(batchId, lead)).toEqual({ batchId, discarded: 3 });
    expect(await count("select count(*) as n from candidate where batch_id = $1", [batchId])).toBe(0);
    for (const table of ["contamination_hit", "neardup_band", "neardup_hashed"]) {
      expect(await count(`select count(*) as n from ${table} where candidate_id = any($1)`, [ids]), table).toBe(0);
    }
    expect(await getImportBatch(batchId)).toMatchObject({ status: "discarded", discardedCount: 3, discardedBy: "lead@discard.test", inserted: 3, finishedAt: finished });
    const audit = await pool().query("select details from audit_event where action = 'import.discard' and target_id = $1", [String(batchId)]);
    expect(audit.rows).toEqual([{ details: { from: "done", discarded: 3 } }]);
    expect(await refusal(discardImport(batchId, lead))).toBe(`Import #${batchId} was already discarded`);

    // The same file again, into the same domain: nothing of it is left to count as a duplicate.
    const again = await importFile(file(lines), { domainSlug: "wrong", format: "generic", createdBy: "t" });
    expect(again).toMatchObject({ inserted: 3, duplicates: 0 });
    // The overview's last 24 hours: two imports, and only the rows that are still there.
    const wrong = (await recentChanges(null)).find((d) => d.slug === "wrong");
    expect(wrong).toMatchObject({ imports: 2, imported: 3 });
  });

  it("is refused, deleting nothing, while candidates are in a scoring run; the message says what holds them", async () => {
    const batchId = await importInto("right", [{ prompt: "Scored prompt one?", answer: "1" }, { prompt: "Scored prompt two?", answer: "2" }]);
    const endpoint = await createTestEndpoint("sim-discard", "http://127.0.0.1:9/v1");
    await createRun({ domain: "right", targetEndpointId: endpoint.id, phase: "scaling", k: 2, mode: "batch" }, testActor);
    expect(await refusal(discardImport(batchId, lead))).toBe(
      `Import #${batchId} cannot be discarded: of its 2 candidates, 2 are in scoring runs. Work done on them is kept.`,
    );
    expect(await count("select count(*) as n from candidate where batch_id = $1", [batchId])).toBe(2);
    expect((await getImportBatch(batchId)).status).toBe("done");
  });

  it("is refused while another import's candidates are flagged as near-copies of its prompts; that import can go first", async () => {
    await createDomain({ slug: "dups", name: "Dups" }, systemActor);
    const first = await importInto("dups", [{ prompt: LONG }]);
    await checked(first);
    const second = await importInto("dups", [{ prompt: `${LONG}?` }]);
    await checked(second);
    expect(await count("select count(*) as n from candidate where batch_id = $1 and near_dup_of is not null", [second])).toBe(1);
    expect(await refusal(discardImport(first, lead))).toContain("1 candidates of other imports are flagged as near-copies of its prompts");
    expect(await discardImport(second, lead)).toMatchObject({ discarded: 1 });
    expect(await discardImport(first, lead)).toMatchObject({ discarded: 1 });
    expect(await count("select count(*) as n from neardup_pair p join candidate c on c.id in (p.a, p.b) where c.domain_id = (select id from domain where slug = 'dups')", [])).toBe(0);
  });

  it("waits for a check of a domain its candidates are in, even when the lines named their own domain", async () => {
    const batchId = (await importFile(file([{ prompt: "Named its own domain, line one.", domain: "right" }]), { format: "generic", createdBy: "t" })).batchId;
    const { rows } = await pool().query<{ id: number }>(
      "insert into neardup_pass (domain_id, status, created_by) select id, 'running', 't' from domain where slug = 'right' returning id",
    );
    expect(await refusal(discardImport(batchId, lead))).toBe(
      `Import #${batchId} cannot be discarded while a near-duplicate check of its domain is still running; try again when it is done`,
    );
    await pool().query("delete from neardup_pass where id = $1", [rows[0].id]); // the pass is gone
    expect(await discardImport(batchId, lead)).toMatchObject({ discarded: 1 });
  });

  it("a queued or running import is cancelled first", async () => {
    const { rows } = await pool().query<{ id: number }>(
      "insert into import_batch (domain_id, file_name, format, status, created_by) select id, 'x.jsonl', 'generic', 'running', 't' from domain where slug = 'right' returning id",
    );
    expect(await refusal(discardImport(rows[0].id, lead))).toBe(`Import #${rows[0].id} is running: cancel it first, then discard what it imported`);
  });
});
