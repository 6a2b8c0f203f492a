export const n = (v: number) => v.toLocaleString("en");

export function ago(d: Date | string): string {
  const s = (Date.now() - new Date(d).getTime()) / 1000;
  if (s < 60) return "just now";
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86400) return `${Math.floor(s / 3600)} h ago`;
  return new Date(d).toISOString().slice(0, 10);
}

export function bytes(b: number | null): string {
  if (b === null) return "—";
  if (b < 1024) return `${b} B`;
  if (b < 1024 ** 2) return `${(b / 1024).toFixed(1)} KB`;
  if (b < 1024 ** 3) return `${(b / 1024 ** 2).toFixed(1)} MB`;
  return `${(b / 1024 ** 3).toFixed(2)} GB`;
}

/** Elapsed time for humans: "850 ms", "42 s", "3 min 5 s", "1 h 12 min". */
export function duration(seconds: number): string {
  if (seconds < 1) return `${Math.round(seconds * 1000)} ms`;
  if (seconds < 60) return `${Math.round(seconds)} s`;
  const m = Math.floor(seconds / 60);
  if (m < 60) return `${m} min ${Math.round(seconds % 60)} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

/** US dollars: cents for ordinary amounts, two significant digits for a small run's fractions. */
export function usd(v: number): string {
  if (v === 0) return "$0.00";
  if (v < 1) return `$${Number(v.toPrecision(2))}`;
  return `$${v.toLocaleString("en", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

/** Large counts compactly: 8,300,000,000 → "8.3B", 12,400 → "12.4K". */
export const compact = (v: number) => v.toLocaleString("en", { notation: "compact", maximumFractionDigits: 1 });
