/**
 * The numbers behind a chart, as a table under a <details>: a chart is a picture, the table is
 * what a screen reader (or a lead who wants exact counts) reads. Every cell that counts
 * candidates links to them.
 */
export function TableView({ summary = "Show as table", children }: { summary?: string; children: React.ReactNode }) {
  return (
    <details className="mt-2 text-sm">
      <summary className="cursor-pointer select-none text-xs font-medium text-accent-600 hover:underline">{summary}</summary>
      <div className="mt-2 overflow-x-auto rounded-lg border border-zinc-200">{children}</div>
    </details>
  );
}

export const th = "bg-zinc-50 px-3 py-1.5 text-left text-xs font-medium text-zinc-500";
export const td = "px-3 py-1.5 tabular-nums text-zinc-700";
export const numLink = "text-accent-700 hover:underline";
