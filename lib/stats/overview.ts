import { pool } from "@/lib/db/client";

// The Overview's numbers, per domain, in one statement: pool, bands and review outcomes are the
// domain's counters (counters.ts, a few hundred rows), decisions a range of review_decision
// (domain_id, created_at).

export interface DomainOverview {
  id: number;
  slug: string;
  name: string;
  quota: number;
  bandLow: number;
  bandHigh: number;
  /** Candidates in the pool (every stage). */
  pool: number;
  /** Candidates with a current score (any band). */
  scored: number;
  bands: { too_easy: number; teachable: number; too_hard: number; unverifiable: number };
  /** Items whose review is final (accepted or rejected). */
  reviewed: number;
  accepted: number;
  /** Non-gold decisions in the last 24 h, undone ones left out. */
  decisions24h: number;
}

export interface Funnel {
  imported: number;
  scored: number;
  teachable: number;
  reviewed: number;
  accepted: number;
}

export const OVERVIEW_SQL = `
  select d.id, d.slug, d.name, d.quota, d.band_low as "bandLow", d.band_high as "bandHigh",
         coalesce(c.pool, 0)::int as pool,
         coalesce(c.too_easy, 0)::int as too_easy, coalesce(c.teachable, 0)::int as teachable,
         coalesce(c.too_hard, 0)::int as too_hard, coalesce(c.unverifiable, 0)::int as unverifiable,
         coalesce(c.reviewed, 0)::int as reviewed, coalesce(c.accepted, 0)::int as accepted,
         (select count(*) from review_decision x where x.domain_id = d.id and x.created_at > now() - interval '24 hours'
             and x.undone_at is null and not x.gold)::int as "decisions24h"
    from domain d
    left join lateral (
      select sum(n) filter (where kind = 'pool') as pool,
             sum(n) filter (where kind = 'score' and band = 'too_easy') as too_easy,
             sum(n) filter (where kind = 'score' and band = 'teachable') as teachable,
             sum(n) filter (where kind = 'score' and band = 'too_hard') as too_hard,
             sum(n) filter (where kind = 'score' and band = 'unverifiable') as unverifiable,
             sum(n) filter (where kind = 'review' and status in ('accepted', 'rejected')) as reviewed,
             sum(n) filter (where kind = 'review' and status = 'accepted') as accepted
        from stat_delta x where x.domain_id = d.id) c on true
   where $1::int[] is null or d.id = any($1::int[])
   order by d.name`;

type Row = Omit<DomainOverview, "bands" | "scored"> & DomainOverview["bands"];

/** Every readable domain's numbers (`domainIds` null: every domain — leads and admins). */
export async function domainOverview(domainIds: number[] | null): Promise<{ domains: DomainOverview[]; funnel: Funnel }> {
  const { rows } = await pool().query<Row>(OVERVIEW_SQL, [domainIds]);
  const domains = rows.map(({ too_easy, teachable, too_hard, unverifiable, ...d }) => ({
    ...d,
    scored: too_easy + teachable + too_hard + unverifiable,
    bands: { too_easy, teachable, too_hard, unverifiable },
  }));
  return { domains, funnel: funnelOf(domains) };
}

/** imported → scored → teachable → reviewed → accepted, summed over the domains shown. */
export function funnelOf(domains: DomainOverview[]): Funnel {
  const sum = (f: (d: DomainOverview) => number) => domains.reduce((s, d) => s + f(d), 0);
  return {
    imported: sum((d) => d.pool),
    scored: sum((d) => d.scored),
    teachable: sum((d) => d.bands.teachable),
    reviewed: sum((d) => d.reviewed),
    accepted: sum((d) => d.accepted),
  };
}
