import Link from "next/link";
import type { RunFailure } from "@/lib/scoring/runs";
import { Card, CardHeader } from "@/components/ui/card";
import { n } from "@/components/format";

/**
 * Why this run's failed candidates failed, one row per reason with a few of them to open. A
 * failed candidate keeps its previous score (if any); a new run takes it when it has no score
 * at that run's settings (lib/scoring/pool.ts).
 */
export function FailuresCard({ failures, failed }: { failures: RunFailure[]; failed: number }) {
  if (failures.length === 0) return null;
  return (
    <Card>
      <CardHeader
        title={`Why ${n(failed)} ${failed === 1 ? "candidate" : "candidates"} failed`}
        description="Not scored by this run: an earlier score, if any, stays; a new run takes those still unscored at its settings."
      />
      <ul className="divide-y divide-zinc-100" aria-label="Failure reasons">
        {failures.map((f) => (
          <li key={f.reason} className="flex flex-wrap items-baseline gap-x-3 gap-y-1 px-4 py-2 text-sm" data-testid="failure-reason">
            <span className="w-16 shrink-0 text-right font-semibold tabular-nums text-zinc-900">{n(f.count)}</span>
            <span className="min-w-0 flex-1 break-words text-zinc-700">{f.reason}</span>
            <span className="flex flex-wrap gap-2 text-xs">
              {f.candidateIds.map((id) => (
                <Link key={id} href={`/candidates/${id}`} className="text-accent-700 underline-offset-2 hover:underline">#{id}</Link>
              ))}
              {f.count > f.candidateIds.length && <span className="text-zinc-500">and {n(f.count - f.candidateIds.length)} more</span>}
            </span>
          </li>
        ))}
      </ul>
    </Card>
  );
}
