import { Card, CardHeader } from "@/components/ui/card";
import type { ContaminationView } from "@/lib/dedup";

/**
 * The candidate page's contamination card: each benchmark the prompt shares an n-gram with,
 * the matched n-gram and the benchmark item (shown as plain text: benchmark files are user
 * uploads). Rendered only when there are hits.
 */
export function ContaminationCard({ hits, contaminated }: { hits: ContaminationView[]; contaminated: boolean }) {
  if (!hits.length) return null;
  return (
    <Card aria-label="Contamination">
      <CardHeader
        title={contaminated ? "Contaminated" : "Benchmark overlap (overridden)"}
        description={
          contaminated
            ? "Shares an n-gram with a benchmark item: left out of runs, review queues and snapshots unless a lead overrides the benchmark for this domain."
            : "Shares an n-gram with a benchmark this domain overrides: it stays eligible."
        }
      />
      <ul className="divide-y divide-zinc-100 text-sm">
        {hits.map((h) => (
          <li key={h.benchmarkId} className="space-y-2 p-4">
            <div className="flex items-center justify-between gap-2">
              <span className="font-medium text-zinc-900">{h.benchmark}</span>
              <span className="text-xs text-zinc-500">{h.releaseDate ?? ""}{h.overridden ? " · overridden" : ""} · item line {h.item.line}</span>
            </div>
            <p className="text-xs text-zinc-500">Matched {h.n}-gram:</p>
            <p className="rounded bg-amber-50 px-2 py-1 font-mono text-xs text-amber-900" data-testid="matched-ngram">{h.ngram}</p>
            <details>
              <summary className="cursor-pointer text-xs text-accent-700">The benchmark item</summary>
              <pre className="mt-1 max-h-64 overflow-auto whitespace-pre-wrap break-words rounded border border-zinc-100 bg-zinc-50 p-2 text-xs">{h.item.prompt}</pre>
              {h.item.answer && <p className="mt-1 text-xs text-zinc-500">Answer: {h.item.answer}</p>}
            </details>
          </li>
        ))}
      </ul>
    </Card>
  );
}
