import { beforeAll, describe, expect, it } from "vitest";
import { pool } from "@/lib/db/client";
import { useMigratedDatabase } from "@/lib/testing/db";
import { setReviewItemState } from "./item-lifecycle";
import { seedScoredDomain } from "./test-fixtures";

// The guarded setter against a real PostgreSQL: an illegal change never reaches the database;
// a legal one is refused when the row is not in `from`; only a final item carries an outcome.

let ids: number[];
beforeAll(async () => {
  await useMigratedDatabase();
  ({ ids } = await seedScoredDomain("item-life", 3));
  await pool().query("insert into review_item (candidate_id, domain_id) select id, domain_id from candidate where id = any($1::int[])", [ids]);
});

const row = async (id: number) =>
  (await pool().query("select state::text, outcome::text, adjudicator, final_at is not null as finalised from review_item where candidate_id = $1", [id])).rows[0];

describe("review item state changes", () => {
  it("moves open → adjudication → final, then refuses to leave final", async () => {
    const [id] = ids;
    expect(await setReviewItemState(pool(), id, { from: ["open"], to: "adjudication" })).toBe(true);
    expect(await setReviewItemState(pool(), id, { from: ["open"], to: "final", outcome: "accept", adjudicator: null })).toBe(false);
    expect(await row(id)).toEqual({ state: "adjudication", outcome: null, adjudicator: null, finalised: false });
    expect(await setReviewItemState(pool(), id, { from: ["adjudication"], to: "final", outcome: "reject", adjudicator: "lead-1" })).toBe(true);
    expect(await row(id)).toEqual({ state: "final", outcome: "reject", adjudicator: "lead-1", finalised: true });
    await expect(setReviewItemState(pool(), id, { from: ["final"], to: "open" })).rejects.toThrow(/illegal review item transition: final → open/);
    expect(await setReviewItemState(pool(), id, { from: ["open", "adjudication"], to: "open" })).toBe(false);
    expect((await row(id)).state).toBe("final");
  });

  it("reopening clears nothing it should keep and a missing row is not created", async () => {
    expect(await setReviewItemState(pool(), ids[1], { from: ["open", "adjudication"], to: "open" })).toBe(true);
    expect(await row(ids[1])).toEqual({ state: "open", outcome: null, adjudicator: null, finalised: false });
    expect(await setReviewItemState(pool(), -1, { from: ["open"], to: "adjudication" })).toBe(false);
  });
});
