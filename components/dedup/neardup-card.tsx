import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { UnflagButton } from "./unflag-button";

interface LinkView {
  id: number;
  similarity: number;
  domain: string;
  preview: string;
}
interface PairView extends LinkView {
  sameDomain: boolean;
  unflagged: boolean;
  atThreshold: boolean;
  lineage: boolean;
}

const pct = (s: number) => `${(s * 100).toFixed(1)}%`;

/** The candidate page's near-duplicate facts (lib/dedup nearDupCard). Renders nothing when there are none. */
export function NearDupCard({ candidateId, card, canUnflag }: {
  candidateId: number;
  card: { threshold: number; representative: LinkView | null; members: LinkView[]; pairs: PairView[] };
  canUnflag: boolean;
}) {
  const pairs = card.pairs.filter((p) => p.atThreshold || p.unflagged);
  if (!card.representative && card.members.length === 0 && pairs.length === 0) return null;
  return (
    <Card data-testid="neardup-card">
      <CardHeader
        title="Near-duplicates"
        description={`Word 5-gram Jaccard similarity; this domain flags pairs at ≥ ${pct(card.threshold)}.`}
        action={card.representative ? <Badge tone="amber">near-duplicate</Badge> : card.members.length ? <Badge tone="blue">representative</Badge> : undefined}
      />
      <div className="space-y-3 p-4 text-sm">
        {card.representative && (
          <p>
            A near-duplicate of{" "}
            <Link href={`/candidates/${card.representative.id}`} className="text-accent-700 hover:underline">#{card.representative.id}</Link>{" "}
            ({pct(card.representative.similarity)} similar), which represents its cluster. It is left out of runs, review queues and exports.
          </p>
        )}
        {card.members.length > 0 && (
          <div>
            <p className="mb-1">Represents {card.members.length} near-duplicate{card.members.length === 1 ? "" : "s"}:</p>
            <ul className="space-y-1">
              {card.members.map((m) => (
                <li key={m.id} className="flex gap-2">
                  <Link href={`/candidates/${m.id}`} className="shrink-0 text-accent-700 hover:underline">#{m.id}</Link>
                  <span className="shrink-0 tabular-nums text-zinc-500">{pct(m.similarity)}</span>
                  <span className="truncate text-zinc-600">{m.preview}</span>
                </li>
              ))}
            </ul>
          </div>
        )}
        {pairs.length > 0 && (
          <div>
            <p className="mb-1 text-xs font-medium uppercase tracking-wide text-zinc-500">Similar prompts</p>
            <ul className="space-y-1">
              {pairs.map((p) => (
                <li key={p.id} className="flex flex-wrap items-center gap-2">
                  <Link href={`/candidates/${p.id}`} className="text-accent-700 hover:underline">#{p.id}</Link>
                  <span className="tabular-nums text-zinc-500">{pct(p.similarity)}</span>
                  {!p.sameDomain && <Badge tone="violet">{p.domain} · reported, not flagged</Badge>}
                  {p.lineage && <Badge tone="blue">same transform lineage · not flagged</Badge>}
                  {p.unflagged && <Badge>unflagged</Badge>}
                  {canUnflag && p.sameDomain && !p.unflagged && !p.lineage && <UnflagButton a={candidateId} b={p.id} />}
                </li>
              ))}
            </ul>
          </div>
        )}
      </div>
    </Card>
  );
}
