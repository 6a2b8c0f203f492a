import { pool } from "@/lib/db/client";
import { domainAgreement, pairAgreements, type PairAgreement, type Rating } from "./agreement";

// GET /api/review/agreement (docs/decisions/0017). Ratings are the live regular votes: not
// skips, not undone, not gold (one per reviewer and item: their latest).
// Per reviewer:
//   decisions          their live regular decisions (skips included: skipping is work too);
//   perHour            decisions per active hour: each of their decisions in this domain (gold,
//                      skipped and undone ones too: all were work) is timed by the gap since
//                      their previous one; a gap over BREAK_SECONDS (10 min) is a break and that
//                      decision is not timed. perHour = timed decisions / summed gaps in hours;
//                      null with nothing timed (a single decision, or only after breaks);
//   acceptRate         accepts / (accepts + rejects);
//   agreementWithFinal share of their votes on final items that match the outcome, counting
//                      only items whose outcome did not rest on their vote alone (another
//                      reviewer voted too, or a lead adjudicated) — at one reviewer per item it
//                      would be 1 by construction; null with no such item;
//   goldAccuracy       share of their live gold accepts/rejects matching the known decision
//                      (goldSeen of them); null before any.

export const BREAK_SECONDS = 600;

export interface ReviewerAgreement {
  reviewerId: string;
  reviewer: string;
  decisions: number;
  perHour: number | null;
  acceptRate: number | null;
  agreementWithFinal: number | null;
  goldAccuracy: number | null;
  goldSeen: number;
}

export interface AgreementReport {
  domain: { kappa: number | null; kind: "cohen" | "fleiss"; items: number; enough: boolean };
  pairs: PairAgreement[];
  reviewers: ReviewerAgreement[];
}

export async function agreementReport(domainId: number, reviewersPerItem: number): Promise<AgreementReport> {
  const [ratings, reviewers] = await Promise.all([
    pool().query<{ candidate_id: number; reviewer: string; label: string }>(
      `select candidate_id, reviewer, label from (
         select distinct on (d.candidate_id, d.reviewer_id) d.candidate_id, coalesce(u.email, d.reviewer_id) as reviewer, d.decision::text as label, d.id
           from review_decision d left join "user" u on u.id = d.reviewer_id
          where d.domain_id = $1 and d.undone_at is null and d.decision <> 'skip' and not d.gold
          order by d.candidate_id, d.reviewer_id, d.id desc) x
        order by id`,
      [domainId],
    ),
    pool().query<ReviewerAgreement>(
      `with timed as (
         select reviewer_id, extract(epoch from created_at - lag(created_at) over (partition by reviewer_id order by created_at, id)) as gap
           from review_decision where domain_id = $1),
       pace as (
         select reviewer_id, count(*) filter (where gap <= $2) as n, sum(gap) filter (where gap <= $2) as secs from timed group by reviewer_id),
       live as (
         -- others: live regular votes on the item by other reviewers. A candidate's decisions all
         -- carry its domain, so windows over this domain's live decisions see all of them (one
         -- sort instead of two index probes per decision).
         select d.*, i.state, i.outcome, i.adjudicator,
                count(*) filter (where d.decision <> 'skip' and not d.gold) over (partition by d.candidate_id)
                - count(*) filter (where d.decision <> 'skip' and not d.gold) over (partition by d.candidate_id, d.reviewer_id) as others
           from review_decision d left join review_item i on i.candidate_id = d.candidate_id and i.domain_id = $1
          where d.domain_id = $1 and d.undone_at is null),
       per as (
         select reviewer_id,
                count(*) filter (where not gold)::int as decisions,
                count(*) filter (where not gold and decision = 'accept') as accepts,
                count(*) filter (where not gold and decision <> 'skip') as votes,
                count(*) filter (where not gold and decision <> 'skip' and state = 'final' and (others > 0 or adjudicator is not null)) as judged,
                count(*) filter (where not gold and decision <> 'skip' and state = 'final' and (others > 0 or adjudicator is not null) and decision = outcome) as matched
           from live group by reviewer_id),
       gold as (
         select d.reviewer_id, count(*)::int as seen, count(*) filter (where d.decision = g.decision) as right
           from review_decision d join review_gold g on g.candidate_id = d.candidate_id
          where d.domain_id = $1 and d.gold and d.undone_at is null and d.decision <> 'skip'
          group by d.reviewer_id)
       select r.reviewer_id as "reviewerId", coalesce(u.email, r.reviewer_id) as reviewer,
              coalesce(per.decisions, 0) as decisions,
              case when pace.secs > 0 then pace.n / (pace.secs / 3600.0) end::float8 as "perHour",
              (per.accepts::float8 / nullif(per.votes, 0)) as "acceptRate",
              (per.matched::float8 / nullif(per.judged, 0)) as "agreementWithFinal",
              (gold.right::float8 / nullif(gold.seen, 0)) as "goldAccuracy",
              coalesce(gold.seen, 0) as "goldSeen"
         from (select distinct reviewer_id from review_decision where domain_id = $1) r
         left join "user" u on u.id = r.reviewer_id
         left join per on per.reviewer_id = r.reviewer_id
         left join pace on pace.reviewer_id = r.reviewer_id
         left join gold on gold.reviewer_id = r.reviewer_id
        order by reviewer`,
      [domainId, BREAK_SECONDS],
    ),
  ]);
  const list: Rating[] = ratings.rows.map((r) => ({ candidateId: r.candidate_id, reviewer: r.reviewer, label: r.label }));
  return { domain: domainAgreement(list, reviewersPerItem), pairs: pairAgreements(list), reviewers: reviewers.rows };
}
