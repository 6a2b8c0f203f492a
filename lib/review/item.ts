import { atLeast } from "@/lib/auth/roles";
import type { Principal } from "@/lib/auth/principal";
import { pool } from "@/lib/db/client";
import { notFound } from "@/lib/errors";
import { reviewDomain } from "./access";
import { candidateEdits, type CandidateEditView } from "./edit";
import { heldAsGold } from "./gold";

// What the review screen needs beyond the candidate and its evidence (docs/decisions/0017):
// where the item stands, the caller's lease, the edits, the decisions the caller may see and
// the responses a reviewer can pick for SFT. Gold status is never revealed here: a reviewer
// must not know which items score them.

export interface ReviewResponse {
  /** A sample's id, or "teacher" / "reference". */
  id: string;
  label: string;
  text: string;
  /** The verifier's verdict; null for the reference solution. */
  correct: boolean | null;
}

export interface ReviewItemView {
  candidateId: number;
  domain: { slug: string; name: string; rejectReasons: string[]; reviewersPerItem: number; consensus: "unanimous" | "majority" };
  state: "open" | "adjudication" | "final";
  outcome: "accept" | "reject" | null;
  lease: { leaseExpiresAt: string } | null;
  gold: false;
  rescoring: boolean;
  /** Oldest first; beyond the contract's {at, by, field, before, after}: note and the re-score run. */
  edits: CandidateEditView[];
  decisions: { id: string; reviewer: string; decision: string; reason: string | null; note: string | null; createdAt: string; mine: boolean }[];
  responses: ReviewResponse[];
}

type Row = {
  slug: string;
  answer: string | null;
  solution: string | null;
  state: ReviewItemView["state"] | null;
  outcome: ReviewItemView["outcome"];
  rescoring: boolean;
  lease: Date | null;
  decisions: (Omit<ReviewItemView["decisions"][number], "mine"> & { reviewerId: string })[];
  samples: { id: string; role: "target" | "teacher"; index: number; response: string; correct: boolean | null; extracted: string | null }[];
  proxy: string | null;
};

/**
 * The review view of one candidate for `principal`: a reviewer only in an assigned domain
 * (403 elsewhere) and only their own decisions; leads and admins everything. One round trip.
 */
export async function reviewItemView(principal: Principal, candidateId: number): Promise<ReviewItemView> {
  const { rows } = await pool().query<Row>(
    `with c as (select * from candidate where id = $1),
          sc as (select * from candidate_score where candidate_id = $1)
     select d.slug, c.answer,
            case when jsonb_typeof(c.metadata -> 'solution') = 'string' then c.metadata ->> 'solution' end as solution,
            ri.state::text as state, ri.outcome::text as outcome, ri.rescoring_since is not null as rescoring,
            (select max(s.lease_expires) from review_slot s
              where s.candidate_id = $1 and s.holder = $2 and s.decided_at is null and s.lease_expires > now()) as lease,
            coalesce((select json_agg(json_build_object('id', x.id::text, 'reviewerId', x.reviewer_id, 'reviewer', coalesce(u.email, x.reviewer_id),
                                                        'decision', x.decision, 'reason', x.reason, 'note', x.note, 'createdAt', x.created_at) order by x.id)
                        from review_decision x left join "user" u on u.id = x.reviewer_id
                       where x.candidate_id = $1 and x.undone_at is null and (($3 and not x.gold) or x.reviewer_id = $2)), '[]') as decisions,
            -- Responses come from the run behind the current score: an older run's samples
            -- were measured against a prompt or reference that may since have been edited.
            coalesce((select json_agg(json_build_object('id', sa.id::text, 'role', sa.role, 'index', sa.index, 'response', sa.response,
                                                        'correct', sa.correct, 'extracted', sa.extracted) order by sa.role, sa.index)
                        from sample sa
                       where sa.candidate_id = $1 and sa.run_id = (select run_id from sc)
                         and sa.response is not null and sa.error_kind is null
                         and ((sa.role = 'target' and sa.correct) or sa.role = 'teacher')), '[]') as samples,
            (select proxy_reference from sc) as proxy
       from c join domain d on d.id = c.domain_id
       left join review_item ri on ri.candidate_id = c.id`,
    [candidateId, principal.userId, atLeast(principal.role, "lead")],
  );
  const r = rows[0];
  if (!r) throw notFound(`Candidate #${candidateId}`);
  await reviewDomain(principal, r.slug); // 403 for a reviewer outside their domains
  const [domain, edits, gold] = await Promise.all([
    domainSettings(r.slug),
    candidateEdits(candidateId),
    atLeast(principal.role, "lead") ? false : heldAsGold(principal.userId, candidateId),
  ]);
  // A gold item looks like any fresh item to the reviewer it was slipped to: its real state,
  // outcome and history would give it away.
  return {
    candidateId,
    domain,
    state: gold ? "open" : (r.state ?? "open"),
    outcome: gold ? null : r.outcome,
    lease: r.lease ? { leaseExpiresAt: r.lease.toISOString() } : null,
    gold: false,
    rescoring: gold ? false : r.rescoring,
    edits: gold ? [] : edits,
    decisions: r.decisions.map(({ reviewerId, ...d }) => ({ ...d, mine: reviewerId === principal.userId })),
    responses: pickResponses(r),
  };
}

async function domainSettings(slug: string): Promise<ReviewItemView["domain"]> {
  const { rows } = await pool().query<ReviewItemView["domain"]>(
    `select slug, name, reject_reasons as "rejectReasons", reviewers_per_item as "reviewersPerItem", consensus::text as consensus
       from domain where slug = $1`,
    [slug],
  );
  return rows[0];
}

/**
 * The SFT responses on offer: every verified-correct target sample, the teacher's answer that
 * agrees with the proxy reference (the first such; else its first correct one), and the
 * reference solution — GSM8K's worked answer (metadata.solution) when the import kept it,
 * else the bare reference answer.
 */
export function pickResponses(r: Pick<Row, "samples" | "proxy" | "solution" | "answer">): ReviewResponse[] {
  const out: ReviewResponse[] = r.samples
    .filter((s) => s.role === "target")
    .map((s) => ({ id: s.id, label: `Attempt ${s.index + 1}`, text: s.response, correct: s.correct }));
  const teacher = r.samples.filter((s) => s.role === "teacher");
  const t = teacher.find((s) => r.proxy !== null && s.extracted === r.proxy) ?? teacher.find((s) => s.correct);
  if (t) out.push({ id: "teacher", label: `Teacher (sample ${t.index + 1})`, text: t.response, correct: t.correct });
  const reference = r.solution?.trim() ? r.solution : r.answer?.trim() ? r.answer : null;
  if (reference !== null) out.push({ id: "reference", label: r.solution?.trim() ? "Reference solution" : "Reference answer", text: reference, correct: null });
  return out;
}
