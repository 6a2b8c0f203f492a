// How `edgewise runs wait` shows a run's progress: a bar redrawn in place on a terminal, one
// plain line per change when the output is a file or a pipe (CI logs, scripts). Pure text.

export interface RunProgressLike {
  status: string;
  total: number;
  completed: number;
  failed: number;
  samples: number;
  samplesPerSecond: number;
  etaSeconds: number | null;
  bands?: Record<string, number>;
}

const ENDED = new Set(["done", "failed", "cancelled"]);
export const runEnded = (status: string) => ENDED.has(status);

function percent(p: RunProgressLike): number {
  return p.total > 0 ? Math.min(100, Math.floor((100 * p.completed) / p.total)) : p.status === "done" ? 100 : 0;
}

export function duration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m`;
}

function details(p: RunProgressLike): string {
  const parts = [`${p.completed.toLocaleString("en")}/${p.total.toLocaleString("en")} items`];
  if (p.failed) parts.push(`${p.failed.toLocaleString("en")} failed`);
  parts.push(`${p.samples.toLocaleString("en")} samples`);
  if (p.samplesPerSecond > 0 && !runEnded(p.status)) parts.push(`${p.samplesPerSecond.toFixed(1)}/s`);
  if (p.etaSeconds !== null && !runEnded(p.status)) parts.push(`eta ${duration(p.etaSeconds)}`);
  return parts.join(" · ");
}

/** One line for logs: `run #7 running 45% 450/1,000 items · 3,600 samples · 12.0/s · eta 46s`. */
export function progressLine(runId: number, p: RunProgressLike): string {
  return `run #${runId} ${p.status} ${percent(p)}% ${details(p)}`;
}

/** A terminal bar of `width` cells: `run #7 [██████░░░░░░] 45% running · …`. */
export function progressBar(runId: number, p: RunProgressLike, width = 30): string {
  const filled = Math.round((percent(p) / 100) * width);
  return `run #${runId} [${"█".repeat(filled)}${"░".repeat(width - filled)}] ${String(percent(p)).padStart(3)}% ${p.status} · ${details(p)}`;
}

/** What the last line says when the run has ended (bands so far, for done runs). */
export function endLine(runId: number, p: RunProgressLike): string {
  const bands = p.bands ? Object.entries(p.bands).filter(([, n]) => n > 0) : [];
  const bandText = bands.length ? `; bands: ${bands.map(([b, n]) => `${b} ${n}`).join(", ")}` : "";
  return `run #${runId} ${p.status}: ${details(p)}${bandText}`;
}
