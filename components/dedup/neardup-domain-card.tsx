import Link from "next/link";
import { n } from "@/components/format";
import { Card, CardHeader } from "@/components/ui/card";
import { NearDupCheck } from "./neardup-check";
import { NearDupPassProgress } from "./pass-progress";
import type { PassLive } from "./types";

/** The domain page's near-duplicate card: counts, the last pass, and (leads) a new check. */
export function NearDupDomainCard({ slug, threshold, counts, pass, canLead }: {
  slug: string;
  threshold: number;
  counts: { flagged: number; clusters: number };
  pass: PassLive | null;
  canLead: boolean;
}) {
  return (
    <Card data-testid="neardup-domain">
      <CardHeader
        title="Near-duplicates"
        description={`Prompts whose word 5-grams overlap at Jaccard ≥ ${threshold} with an earlier one are flagged and left out of runs, queues and exports; each cluster keeps one representative.`}
      />
      <div className="space-y-3 p-4 text-sm">
        <p>
          <Link href={`/candidates?domain=${slug}&flag=near_dup`} className="font-medium text-accent-700 hover:underline">
            {n(counts.flagged)} near-duplicate{counts.flagged === 1 ? "" : "s"}
          </Link>{" "}
          in {n(counts.clusters)} cluster{counts.clusters === 1 ? "" : "s"}.
        </p>
        <NearDupPassProgress
          query={`domain=${slug}`}
          initial={pass}
          emptyText={canLead ? "No check has run on demand yet; every import is checked after it finishes." : "No check has run on demand yet."}
        />
        {canLead && <NearDupCheck domain={slug} threshold={threshold} />}
      </div>
    </Card>
  );
}
