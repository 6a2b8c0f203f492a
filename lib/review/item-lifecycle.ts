import type { Pool, PoolClient } from "pg";
import type { Outcome } from "./consensus";

// The review item lifecycle: which state may follow which, and the one guarded setter every
// writer of review_item.state goes through (nobody else writes the column; an item is born
// 'open' by its insert, the first time someone decides on or edits the candidate).
//
//   open ──► final          (the domain's consensus rule is met)
//    │ ▲ └─► adjudication ──► final   (a lead adjudicates a disagreement)
//    │ └────────┘                     (an undo takes away the disagreeing vote)
//    └─► open                (a decision or undo that leaves it open: outcome cleared again)
//
// Final is final: an undo or an edit of a final item is refused before it gets here, and a
// snapshot may already hold it. Whether an item is claimable (slots, leases) is the queue's
// business (queue.ts), not a state.

export const reviewItemStates = ["open", "adjudication", "final"] as const;
export type ReviewItemState = (typeof reviewItemStates)[number];

export const reviewItemTransitions: Record<ReviewItemState, readonly ReviewItemState[]> = {
  open: ["open", "adjudication", "final"],
  adjudication: ["open", "adjudication", "final"],
  final: [],
};

/** Throws on a change the table does not allow: a bug in the caller, never a user error. */
export function assertReviewItemTransitions(from: readonly ReviewItemState[], to: ReviewItemState): void {
  const illegal = from.filter((f) => !reviewItemTransitions[f].includes(to));
  if (illegal.length) throw new Error(`illegal review item transition: ${illegal.join(", ")} → ${to}`);
}

type Queryable = Pick<Pool | PoolClient, "query">;

export type ReviewItemChange =
  | { from: readonly ReviewItemState[]; to: "open" | "adjudication" }
  /** adjudicator: the lead who settled a disagreement, null when consensus did. */
  | { from: readonly ReviewItemState[]; to: "final"; outcome: Outcome; adjudicator: string | null };

/**
 * The one guarded setter: `update … where candidate_id = $1 and state = any($from)`. Only a
 * final item has an outcome (and its final_at). True when it changed the row; false when the
 * item was not in `from` (or has no row).
 */
export async function setReviewItemState(q: Queryable, candidateId: number, change: ReviewItemChange): Promise<boolean> {
  assertReviewItemTransitions(change.from, change.to);
  const final = change.to === "final";
  const { rowCount } = await q.query(
    `update review_item set state = $2::"ReviewItemState",
            outcome = $3::"ReviewDecisionKind",
            adjudicator = case when $2 = 'final' then $4 else adjudicator end,
            final_at = case when $2 = 'final' then now() else final_at end,
            updated_at = now()
      where candidate_id = $1 and state = any($5::"ReviewItemState"[])`,
    [candidateId, change.to, final ? change.outcome : null, final ? change.adjudicator : null, change.from],
  );
  return rowCount === 1;
}
