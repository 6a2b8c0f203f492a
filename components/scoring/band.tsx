import { Badge, type Tone } from "@/components/ui/badge";

// One vocabulary for bands everywhere: the badge, the histogram bars and the count lists use
// the same words and colours, so a lead reads a chart and a table the same way.
export const bandLabel: Record<string, string> = {
  too_easy: "too easy",
  teachable: "teachable",
  too_hard: "too hard",
  unverifiable: "unverifiable",
  unscored: "unscored",
};

const bandTone: Record<string, Tone> = {
  too_easy: "blue",
  teachable: "green",
  too_hard: "red",
  unverifiable: "amber",
  unscored: "zinc",
};

/** Hex colours for charts, matching the badge tones. */
export const bandColor: Record<string, string> = {
  too_easy: "#3d6bf5",
  teachable: "#10b981",
  too_hard: "#ef4444",
  unverifiable: "#f59e0b",
  unscored: "#a1a1aa",
};

export function BandBadge({ band }: { band: string }) {
  return <Badge tone={bandTone[band] ?? "zinc"}>{bandLabel[band] ?? band}</Badge>;
}

/** A pass rate as a percentage with its sample count: "37.5% (3/8)". */
export function passRateText(passes: number, k: number, rate: number | null): string {
  if (rate === null || k === 0) return "—";
  return `${(rate * 100).toFixed(1)}% (${passes}/${k})`;
}
