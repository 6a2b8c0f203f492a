import Link from "next/link";
import type { BandCounts as Counts } from "@/lib/scoring/queries";
import { Card, CardHeader } from "@/components/ui/card";
import { n } from "@/components/format";
import { BandBadge, bandLabel } from "./band";
import { candidatesHref } from "./candidate-links";

const ORDER = ["teachable", "too_easy", "too_hard", "unverifiable", "unscored"] as const;

/**
 * A domain's candidates per band; moving the band re-triages from stored pass rates. Each row
 * links to exactly those candidates (/candidates?domain=…&band=…).
 */
export function BandCountsCard({ counts, slug, canStart }: { counts: Counts; slug: string; canStart: boolean }) {
  const total = ORDER.reduce((s, b) => s + counts[b], 0);
  const scored = total - counts.unscored;
  return (
    <Card>
      <CardHeader title="Candidates by band" description="From stored pass rates: moving the band re-triages at once, without new samples." />
      <ul className="divide-y divide-zinc-100" aria-label="Band counts">
        {ORDER.map((b) => (
          <li key={b} className="relative flex items-center justify-between px-4 py-2 text-sm hover:bg-zinc-50" data-band={b}>
            {/* The link stretches over the row: a click anywhere on it lists those candidates. */}
            <Link href={candidatesHref({ domain: slug }, { band: b })} className="rounded after:absolute after:inset-0 focus-visible:outline-2" aria-label={`${bandLabel[b]}: ${n(counts[b])} candidates`}>
              <BandBadge band={b} />
            </Link>
            <span className="tabular-nums">
              <span data-count>{n(counts[b])}</span>
              {/* Shares of what was scored: the unscored rest says nothing about difficulty. */}
              <span className="ml-2 inline-block w-24 whitespace-nowrap text-right text-xs text-zinc-400">
                {b === "unscored" ? (total ? `${Math.round((counts[b] / total) * 100)}% of all` : "") : scored ? `${Math.round((counts[b] / scored) * 100)}% of scored` : ""}
              </span>
            </span>
          </li>
        ))}
      </ul>
      {counts.unscored === total && total > 0 && (
        <p className="border-t border-zinc-100 px-4 py-3 text-xs text-zinc-500">
          Nothing scored yet.{" "}
          {canStart ? <><Link href={`/runs/new?domain=${slug}`} className="text-accent-700 hover:underline">Start an exploration run</Link> to measure difficulty.</> : "A lead starts a scoring run to measure difficulty."}
        </p>
      )}
    </Card>
  );
}
