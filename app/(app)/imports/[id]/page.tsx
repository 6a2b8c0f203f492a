import { cache } from "react";
import { requireDomainReader } from "@/lib/auth/page";
import { atLeast } from "@/lib/auth/roles";
import { getImportBatch, listImportErrors } from "@/lib/candidates/import-batches";
import { latestPass, nearDupCounts } from "@/lib/dedup";
import { NearDupPassProgress } from "@/components/dedup/pass-progress";
import { BatchProgress } from "@/components/imports/batch-progress";
import { cursorParam, idParam, orNotFound } from "@/components/page-data";
import { Badge } from "@/components/ui/badge";
import { ButtonAnchor, ButtonLink } from "@/components/ui/button";
import { Card, CardHeader, PageHeader } from "@/components/ui/card";
import { Table, Td, Th } from "@/components/ui/table";
import { bytes, n } from "@/components/format";

type Props = { params: Promise<{ id: string }>; searchParams: Promise<{ after?: string }> };

const load = cache(async (raw: string) => orNotFound(getImportBatch(idParam(raw))));

export async function generateMetadata({ params }: Props) {
  return { title: `Import #${(await params).id}` };
}

const when = (d: Date | null) => (d ? d.toISOString().replace("T", " ").slice(0, 19) + " UTC" : "—");

export default async function ImportPage({ params, searchParams }: Props) {
  const batch = await load((await params).id);
  // Reviewers read the imports into their domains (read-only); other imports are a 403.
  const user = await requireDomainReader(batch.domainId);
  const after = cursorParam((await searchParams).after);
  const [errors, nearDups, nearDupPass] = await Promise.all([
    listImportErrors(batch.id, { afterLine: after, limit: 100 }),
    nearDupCounts({ batchId: batch.id }),
    latestPass({ batchId: batch.id }),
  ]);
  const facts: [string, React.ReactNode][] = [
    ["Format", batch.format],
    ...mappingFacts(batch.mapping),
    ["Domain", batch.domain?.name ?? "named by each line"],
    ["Size", bytes(batch.bytesTotal)],
    ["By", batch.createdBy],
    ["Queued", when(batch.createdAt)],
    ["Finished", when(batch.finishedAt)],
  ];
  return (
    <>
      <PageHeader
        title={`Import #${batch.id}: ${batch.fileName}`}
        description={`${batch.format} format · into ${batch.domain?.name ?? "the domains each line names"} · by ${batch.createdBy}`}
        action={batch.inserted > 0 && batch.status !== "discarded" && <ButtonLink variant="secondary" href={`/candidates?batch=${batch.id}`}>View its candidates</ButtonLink>}
      />
      <div className="mb-6 grid gap-4 lg:grid-cols-3">
        <Card className="p-4 lg:col-span-2"><BatchProgress initial={batch} canAct={atLeast(user.role, "lead")} /></Card>
        <Card>
          <dl className="divide-y divide-zinc-100 text-sm">
            {facts.map(([k, v]) => (
              <div key={k} className="flex justify-between gap-4 px-4 py-2"><dt className="text-zinc-500">{k}</dt><dd className="min-w-0 truncate text-right tabular-nums">{v}</dd></div>
            ))}
          </dl>
        </Card>
      </div>
      <Card className="mb-6" data-testid="import-neardup">
        <CardHeader
          title="Near-duplicates"
          description="After the import, its prompts are checked against the whole pool (MinHash + LSH, word 5-grams); near-copies of an earlier prompt are flagged and left out of runs, queues and exports."
          action={nearDups.flagged > 0 && <ButtonLink variant="secondary" href={`/candidates?batch=${batch.id}&flag=near_dup`}>View them</ButtonLink>}
        />
        <div className="space-y-2 p-4 text-sm">
          <p><span className="font-medium tabular-nums">{n(nearDups.flagged)}</span> near-duplicate{nearDups.flagged === 1 ? "" : "s"} flagged in this import.</p>
          <NearDupPassProgress
            query={`batch=${batch.id}`}
            initial={nearDupPass}
            expectPass={batch.status === "queued" || batch.status === "running" || (batch.status === "done" && batch.inserted > 0)}
            emptyText={batch.status === "done" ? "Not checked yet: a worker checks every finished import (a command-line import is picked up within half a minute)." : "Checked once the import is done."}
          />
        </div>
      </Card>
      <Card>
        <CardHeader
          title={`Rejected lines (${n(batch.rejected)})${batch.warnings ? ` · warnings (${n(batch.warnings)})` : ""}`}
          description="Fix these lines and import the file again: lines already imported are skipped as duplicates. Lines marked warning were not rejected."
          action={batch.rejected + batch.warnings > 0 && <ButtonAnchor variant="secondary" href={`/api/imports/${batch.id}/errors?download=1`} download>Download errors (JSONL)</ButtonAnchor>}
        />
        {errors.items.length === 0 ? (
          <p className="px-4 py-6 text-sm text-zinc-500">{after ? "No more." : batch.status === "queued" || batch.status === "running" ? "None so far." : "None — every line read was good."}</p>
        ) : (
          <Table className="rounded-none border-0">
            <thead><tr><Th className="w-24">Line</Th><Th>Reason</Th></tr></thead>
            <tbody className="divide-y divide-zinc-100">
              {errors.items.map((e) => (
                <tr key={e.line}>
                  <Td className="tabular-nums">{n(e.line)}</Td>
                  <Td className="font-mono text-xs">
                    {e.severity === "warning" && <Badge tone="amber" className="mr-2 font-sans">warning</Badge>}
                    {e.reason}
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
        {(after || errors.nextAfterLine) && (
          <div className="flex justify-end gap-2 border-t border-zinc-100 px-4 py-2">
            {after && <ButtonLink variant="secondary" href={`/imports/${batch.id}`}>First 100</ButtonLink>}
            {errors.nextAfterLine && <ButtonLink variant="secondary" href={`/imports/${batch.id}?after=${errors.nextAfterLine}`}>Next 100 →</ButtonLink>}
          </div>
        )}
      </Card>
    </>
  );
}

/** A generic import's field mapping, as "prompt ← problem" lines (none: the keys were read as named). */
function mappingFacts(mapping: unknown): [string, React.ReactNode][] {
  if (!mapping || typeof mapping !== "object") return [];
  const order = ["prompt", "answer", "source", "domain", "metadata"];
  const pairs = Object.entries(mapping as Record<string, unknown>)
    .filter(([, key]) => typeof key === "string" && key)
    .sort(([a], [b]) => order.indexOf(a) - order.indexOf(b));
  if (!pairs.length) return [];
  // One pair per line, wrapped: the facts column truncates, and a cut key name says nothing.
  const lines = pairs.map(([field, key]) => <span key={field} className="block whitespace-normal break-all">{field} ← {String(key)}</span>);
  return [["Field mapping", <span key="m" className="font-mono text-xs">{lines}</span>]];
}
