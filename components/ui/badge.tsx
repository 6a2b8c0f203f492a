import { cx } from "./cx";

const tones = {
  zinc: "bg-zinc-100 text-zinc-700 ring-zinc-200",
  blue: "bg-accent-50 text-accent-700 ring-accent-100",
  green: "bg-emerald-50 text-emerald-700 ring-emerald-200",
  amber: "bg-amber-50 text-amber-800 ring-amber-200",
  red: "bg-red-50 text-red-700 ring-red-200",
  violet: "bg-violet-50 text-violet-700 ring-violet-200",
} as const;
export type Tone = keyof typeof tones;

export function Badge({ tone = "zinc", children, className }: { tone?: Tone; children: React.ReactNode; className?: string }) {
  return (
    <span className={cx("inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset", tones[tone], className)}>
      {children}
    </span>
  );
}

export const stageTone: Record<string, Tone> = {
  imported: "zinc",
  scored: "blue",
  triaged: "violet",
  in_review: "amber",
  accepted: "green",
  rejected: "red",
};

export const statusTone: Record<string, Tone> = { queued: "zinc", running: "blue", done: "green", failed: "red", cancelled: "zinc", interrupted: "amber", discarded: "zinc" };

export function StageBadge({ stage }: { stage: string }) {
  return <Badge tone={stageTone[stage] ?? "zinc"}>{stage.replace("_", " ")}</Badge>;
}
