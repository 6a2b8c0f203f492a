import type { IngestReport } from "@/lib/scoring/batch";
import { n } from "@/components/format";

export type { IngestReport };

/** What a batch output upload did: a readable summary first, then the problem lines. */
export function BatchReport({ report: r }: { report: IngestReport }) {
  const rows: [string, number, string][] = [
    ["Accepted", r.accepted, `lines stored, ${n(r.samples)} samples`],
    ["Candidates settled", r.settled, "scored and triaged"],
    ["Duplicates", r.duplicates, "every sample already stored (repeated custom_id or file)"],
    ["Unknown", r.unknown, "custom_id not from Edgewise, or its candidate is not in this run"],
    ["Rejected", r.rejected ?? 0, "another run's custom_id, or sample indices outside this run's k"],
    ["Error lines", r.errors, "error object, non-200 status or unreadable JSON: exported again next time"],
  ];
  return (
    <div role="status" className="rounded-md border border-zinc-200 bg-zinc-50 p-3 text-sm">
      <p className="font-medium text-zinc-900">
        Read {n(r.lines)} lines{r.runs.length ? ` for run ${r.runs.map((id) => `#${id}`).join(", ")}` : ""}.
      </p>
      <dl className="mt-2 grid grid-cols-[auto_auto_1fr] gap-x-3 gap-y-0.5 text-xs">
        {rows.map(([label, count, note]) => (
          <div key={label} className="contents">
            <dt className="text-zinc-600">{label}</dt>
            <dd className="text-right font-semibold tabular-nums">{n(count)}</dd>
            <dd className="text-zinc-500">{note}</dd>
          </div>
        ))}
      </dl>
      {r.problems.length > 0 && (
        <details className="mt-2 text-xs">
          <summary className="cursor-pointer text-zinc-700">Problem lines ({n(r.problems.length)}{r.problems.length === 1000 ? ", the first 1,000" : ""})</summary>
          <ul className="mt-1 max-h-64 space-y-0.5 overflow-auto font-mono">
            {r.problems.map((p) => (
              <li key={`${p.line}-${p.reason}`}>line {n(p.line)}{p.customId ? ` (${p.customId})` : ""}: {p.reason}</li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}
