import Link from "next/link";
import type { PassRateHistogram as Histogram } from "@/lib/scoring/queries";
import { PassRateHistogram } from "@/components/charts/pass-rate-histogram";
import { Card, CardHeader } from "@/components/ui/card";
import { n } from "@/components/format";
import { bandColor, bandLabel } from "./band";
import { candidatesHref, type CandidateLinkScope } from "./candidate-links";

/** Scores at another k are not bars of this histogram (3/8 is not 2/4): say what was left out. */
function OtherK({ h }: { h: Histogram }) {
  if (!h.otherK?.length) return null;
  const left = h.otherK.map((o) => `${n(o.candidates)} at k = ${o.k}`).join(", ");
  return (
    <p className="border-b border-zinc-100 px-4 py-2 text-xs text-amber-800" role="note" data-testid="histogram-other-k">
      Bars show candidates scored at k = {h.k}; left out: {left} (their pass rates are out of a different k).
    </p>
  );
}

/**
 * The pass-rate histogram with its legend and the unverifiable items the bars cannot show.
 * With a `linkScope` (a domain or a run) every non-empty bar links to exactly the candidates it
 * counts: /candidates?…&passes=P&k=K, binned the way the histogram bins (round(rate × k)).
 */
export function HistogramCard({
  histogram: h,
  title = "Pass-rate histogram",
  description,
  linkScope,
}: {
  histogram: Histogram;
  title?: string;
  description?: string;
  linkScope?: CandidateLinkScope;
}) {
  const scored = h.bins.reduce((s, b) => s + b.count, 0);
  const bars = h.bins.map((b) => ({
    ...b,
    href: linkScope && b.count > 0 ? candidatesHref(linkScope, { passes: b.passes, k: h.k }) : null,
  }));
  return (
    <Card>
      <CardHeader
        title={title}
        description={description ?? `Candidates by correct samples out of k = ${h.k}. Teachable band: ${h.bandLow} < pass rate < ${h.bandHigh}.${linkScope ? " Click a bar to list its candidates." : ""}`}
      />
      <OtherK h={h} />
      <div className="p-4">
        {scored === 0 && h.unverifiable === 0 ? (
          <p className="py-8 text-center text-sm text-zinc-500">No scores yet. Bars appear as candidates are scored.</p>
        ) : (
          <>
            <PassRateHistogram bins={bars} />
            {linkScope && (
              <nav aria-label="Candidates per bar" className="mt-1 flex flex-wrap gap-x-3 gap-y-1 text-xs">
                {bars.filter((b) => b.href).map((b) => (
                  <Link key={b.passes} href={b.href!} className="tabular-nums text-accent-700 hover:underline" aria-label={`${b.label} correct: ${n(b.count)} candidates`}>
                    {b.label} · {n(b.count)}
                  </Link>
                ))}
                {h.unverifiable > 0 && (
                  <Link href={candidatesHref(linkScope, { band: "unverifiable" })} className="tabular-nums text-accent-700 hover:underline">
                    unverifiable · {n(h.unverifiable)}
                  </Link>
                )}
              </nav>
            )}
          </>
        )}
        <div className="mt-3 flex flex-wrap gap-x-4 gap-y-1 text-xs text-zinc-600">
          {(["too_hard", "teachable", "too_easy"] as const).map((b) => (
            <span key={b} className="inline-flex items-center gap-1.5">
              <span className="h-2.5 w-2.5 rounded-sm" style={{ background: bandColor[b] }} aria-hidden />
              {bandLabel[b]}
            </span>
          ))}
          <span className="ml-auto tabular-nums">
            {n(scored)} with a pass rate · {n(h.unverifiable)} unverifiable
          </span>
        </div>
      </div>
    </Card>
  );
}
