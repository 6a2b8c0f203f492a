import type { ExplorationProjection } from "@/lib/scoring/progress";
import { Card, CardHeader, Stat } from "@/components/ui/card";
import { compact, n, usd } from "@/components/format";

/** What an exploration sample says about the whole pool, in the units a lead budgets in. */
export function ProjectionCard({ p, action }: { p: ExplorationProjection; action?: React.ReactNode }) {
  const t = p.projectedTeachable;
  const tokens = p.projectedTokens.prompt + p.projectedTokens.completion;
  return (
    <Card>
      <CardHeader
        title="Projection for the whole pool"
        description={`From ${n(p.scored)} scored candidates of a pool of ${n(p.poolSize)}; ${n(p.remaining)} are not yet scored with these settings.`}
        action={action}
      />
      {p.scored === 0 ? (
        <p className="px-4 py-6 text-sm text-zinc-500">The projection appears once the first candidates are scored.</p>
      ) : (
        <div className="grid gap-4 p-4 sm:grid-cols-3">
          <Stat
            label="Teachable in the pool"
            value={<span data-testid="projected-teachable">{n(t.estimate)}</span>}
            hint={`${(p.teachableShare * 100).toFixed(1)}% of ${n(p.poolSize)} · 95%: ${n(t.low)}–${n(t.high)} (the ${n(p.scored)} scored are counted, not projected)`}
          />
          <Stat
            label="Tokens to score the rest"
            value={compact(tokens)}
            hint={`${compact(p.projectedTokens.prompt)} in / ${compact(p.projectedTokens.completion)} out, at this sample's mean`}
          />
          <Stat label="Cost to score the rest" value={usd(p.projectedCostUsd)} hint={`${n(p.remaining)} candidates at the target's prices`} />
        </div>
      )}
    </Card>
  );
}
