import { cx } from "./cx";

/** A determinate bar (value 0..1), or an indeterminate shimmer when value is null. */
export function Progress({ value, className, label }: { value: number | null; className?: string; label?: string }) {
  const pct = value === null ? null : Math.max(0, Math.min(1, value)) * 100;
  return (
    <div
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={pct === null ? undefined : Math.round(pct)}
      className={cx("h-2 w-full overflow-hidden rounded-full bg-zinc-100", className)}
    >
      <div
        className={cx("h-full rounded-full bg-accent-500 transition-[width] duration-300", pct === null && "w-1/3 animate-pulse")}
        style={pct === null ? undefined : { width: `${pct}%` }}
      />
    </div>
  );
}
