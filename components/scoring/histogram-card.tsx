import type { PassRateHistogram as Histogram } from "@/lib/scoring/queries";
import { PassRateHistogram } from "@/components/charts/pass-rate-histogram";
import { Card, CardHeader } from "@/components/ui/card";
import { n } from "@/components/format";
import { bandColor, bandLabel } from "./band";

/** The pass-rate histogram with its legend and the unverifiable items the bars cannot show. */
export function HistogramCard({ histogram: h, title = "Pass-rate histogram", description }: { histogram: Histogram; title?: string; description?: string }) {
  const scored = h.bins.reduce((s, b) => s + b.count, 0);
  return (
    <Card>
      <CardHeader
        title={title}
        description={description ?? `Candidates by correct samples out of ${h.k}. Teachable band: ${h.bandLow} < pass rate < ${h.bandHigh}.`}
      />
      <div className="p-4">
        {scored === 0 && h.unverifiable === 0 ? (
          <p className="py-8 text-center text-sm text-zinc-500">No scores yet. Bars appear as candidates are scored.</p>
        ) : (
          <PassRateHistogram bins={h.bins} />
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
