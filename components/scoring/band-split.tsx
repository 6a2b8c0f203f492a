import Link from "next/link";
import { n } from "@/components/format";
import { bandColor, bandLabel } from "./band";

const ORDER = ["teachable", "too_easy", "too_hard", "unverifiable"] as const;

/**
 * A domain's scored candidates by band, as a thin stacked bar and counts (the Overview card):
 * how much of what was measured is teachable. Nothing until something is scored. Links to the
 * domain page, where the histogram and band counts are.
 */
export function BandSplit({ slug, split, className }: { slug: string; split: Record<(typeof ORDER)[number], number> | undefined; className?: string }) {
  const scored = split ? ORDER.reduce((s, b) => s + split[b], 0) : 0;
  if (!split || scored === 0) return null;
  return (
    <div className={className} data-testid="band-split">
      <div className="mb-1 flex justify-between text-xs text-zinc-600">
        <Link href={`/domains/${slug}`} className="hover:underline">Bands of {n(scored)} scored</Link>
        <span className="tabular-nums">{((split.teachable / scored) * 100).toFixed(0)}% teachable</span>
      </div>
      <div className="flex h-1.5 overflow-hidden rounded-full bg-zinc-100" role="img" aria-label={ORDER.map((b) => `${bandLabel[b]} ${split[b]}`).join(", ")}>
        {ORDER.map((b) => (split[b] ? <div key={b} style={{ width: `${(split[b] / scored) * 100}%`, background: bandColor[b] }} /> : null))}
      </div>
      <div className="mt-1.5 flex flex-wrap gap-x-3 gap-y-1 text-xs text-zinc-600">
        {ORDER.map((b) => (
          <span key={b} className="inline-flex items-center gap-1" data-band={b}>
            <span className="h-2 w-2 rounded-sm" style={{ background: bandColor[b] }} aria-hidden />
            <span className="tabular-nums">{n(split[b])}</span> {bandLabel[b]}
          </span>
        ))}
      </div>
    </div>
  );
}
