const COLORS: Record<string, string> = {
  imported: "bg-zinc-300",
  scored: "bg-accent-500",
  triaged: "bg-violet-500",
  in_review: "bg-amber-400",
  accepted: "bg-emerald-500",
  rejected: "bg-red-400",
};

/** A thin stacked bar of a domain's candidates by stage. */
export function StageBar({ stages, total }: { stages: Record<string, number>; total: number }) {
  if (total === 0) return <div className="h-1.5 rounded-full bg-zinc-100" />;
  return (
    <div className="flex h-1.5 overflow-hidden rounded-full bg-zinc-100" title={Object.entries(stages).map(([k, v]) => `${k}: ${v}`).join(", ")}>
      {Object.keys(COLORS).map((k) =>
        stages[k] ? <div key={k} className={COLORS[k]} style={{ width: `${(stages[k] / total) * 100}%` }} /> : null,
      )}
    </div>
  );
}
