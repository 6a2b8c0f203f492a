import Link from "next/link";
import type { LineageLink } from "@/lib/scoring/queries";
import { Card, CardHeader } from "@/components/ui/card";
import { StageBadge } from "@/components/ui/badge";
import { BandBadge } from "./band";

function LinkRow({ l, arrow }: { l: LineageLink; arrow: string }) {
  return (
    <li className="relative px-4 py-2.5 text-sm hover:bg-zinc-50">
      <div className="flex items-center gap-2">
        <span className="text-zinc-400" aria-hidden>{arrow}</span>
        <Link href={`/candidates/${l.id}`} className="font-medium text-accent-700 after:absolute after:inset-0 hover:underline">#{l.id}</Link>
        <span className="text-xs text-zinc-500">{l.kind}</span>
        <span className="ml-auto flex gap-1"><StageBadge stage={l.stage} />{l.band && <BandBadge band={l.band} />}</span>
      </div>
      {/* A plain-text preview: React escapes it, and a line is enough to recognise it. */}
      <p className="mt-1 truncate text-xs text-zinc-600">{l.preview}</p>
    </li>
  );
}

/** Where a synthetic variant came from (←) and which variants were made from this one (→). */
export function LineageCard({ parent, variants }: { parent: LineageLink | null; variants: LineageLink[] }) {
  if (!parent && variants.length === 0) return null;
  return (
    <Card>
      <CardHeader title="Lineage" description="Synthetic variants are new candidates, scored and reviewed like any other." />
      <ul className="divide-y divide-zinc-100">
        {parent && <LinkRow l={parent} arrow="← parent" />}
        {variants.map((v) => <LinkRow key={v.id} l={v} arrow="→ variant" />)}
      </ul>
    </Card>
  );
}
