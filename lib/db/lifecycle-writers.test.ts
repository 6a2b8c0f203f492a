import path from "node:path";
import { describe, expect, it } from "vitest";
import fs from "node:fs";
import { lifecycles, strayStatusWriters, writesStatus } from "@/lib/testing/lifecycle-writers";

// ARCHITECTURE.md: every lifecycle is one module with one guarded setter, and nobody else
// writes a status column. This holds it over the source tree.

const root = path.resolve(import.meta.dirname, "../..");

describe("status columns are written by their lifecycle module only", () => {
  it("finds no writer of a status column outside its lifecycle module", () => {
    expect(strayStatusWriters(root)).toEqual([]);
  });

  it("sees each lifecycle module's own setter (the scan is not blind)", () => {
    for (const l of lifecycles) expect(writesStatus(fs.readFileSync(path.join(root, l.module), "utf8"), l), l.module).toBe(true);
  });

  it("catches the shapes a stray write takes, and leaves reads, births and other columns alone", () => {
    const [, run, item, review] = lifecycles;
    expect(writesStatus("q(`update scoring_run set status = 'done' where id = $1`)", run)).toBe(true);
    expect(writesStatus("q(`update run_item i set leased_until = null,\n  status = u.status from u where i.id = u.id`)", item)).toBe(true);
    expect(writesStatus('q("UPDATE review_item SET updated_at = now(), state = \'final\' WHERE candidate_id = $1")', review)).toBe(true);
    expect(writesStatus("q(`insert into review_item (candidate_id) values ($1) on conflict (candidate_id) do update set state = excluded.state`)", review)).toBe(true);
    expect(writesStatus("db().scoringRun.update({ where: { id }, data: { status: 'done' } })", run)).toBe(true);
    expect(writesStatus('q(`UPDATE public."scoring_run" SET "status" = \'failed\' WHERE id = $1`)', run)).toBe(true);

    expect(writesStatus("q(`update scoring_run set total = $2 where id = $1 and status = 'queued'`)", run)).toBe(false);
    expect(writesStatus("q(`update run_item set leased_until = null where status = 'pending'`)", item)).toBe(false);
    expect(writesStatus("q(`insert into review_item (candidate_id, domain_id, state) values ($1, $2, 'open')`)", review)).toBe(false);
    expect(writesStatus("q(`insert into review_item (candidate_id) values ($1) on conflict (candidate_id) do update set updated_at = review_item.updated_at`)", review)).toBe(false);
    expect(writesStatus("db().scoringRun.update({ where: { id }, data: { total: 3 } })", run)).toBe(false);
  });
});
