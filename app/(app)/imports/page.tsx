import Link from "next/link";
import { pageDomainIds, requireUser } from "@/lib/auth/page";
import { atLeast } from "@/lib/auth/roles";
import { listImportBatches } from "@/lib/candidates/import-batches";
import { importStatuses } from "@/lib/candidates/import-lifecycle";
import { domainIdsBySlug } from "@/lib/domains";
import { UploadForm } from "@/components/imports/upload-form";
import { ButtonLink } from "@/components/ui/button";
import { Card, CardHeader, PageHeader } from "@/components/ui/card";
import { Table, Td, Th } from "@/components/ui/table";
import { EmptyState } from "@/components/ui/empty-state";
import { ago, bytes, n } from "@/components/format";
import { ImportStatusBadge } from "@/components/imports/import-status";
import { cursorParam } from "@/components/page-data";
import { domainAndStatus, ListFilters, listHref, NoMatch } from "@/components/ui/list-filters";

export const metadata = { title: "Imports" };

type Search = { cursor?: string; domain?: string; status?: string };

export default async function ImportsPage({ searchParams }: { searchParams: Promise<Search> }) {
  const user = await requireUser();
  const canImport = atLeast(user.role, "lead");
  const q = await searchParams;
  const cursor = cursorParam(q.cursor);
  // Slugs only: the per-stage counts of listDomains() are not needed for a menu. Reviewers
  // read the imports into their domains, without the upload form.
  const domainIds = await domainIdsBySlug();
  const domains = [...domainIds.keys()].sort();
  // Filters from the URL (shareable); a value that is not a domain or a status is ignored.
  const { domain, status, filtered, filters } = domainAndStatus(q, domains, importStatuses);
  const batches = await listImportBatches({ cursor, limit: 25, domain, status }, { domainIds: await pageDomainIds() });
  return (
    <>
      <PageHeader title="Imports" description="Bring in pools of candidate prompts. Exact duplicates within a domain are skipped; bad lines are reported and every good line is kept." />
      {canImport && <Card className="mb-6">
        <CardHeader title="Import a JSONL file" description={<>Large files run in the background. From a terminal: <code className="rounded bg-zinc-100 px-1">npx edgewise import pool.jsonl --domain math</code></>} />
        <div className="p-4">
          {domains.length ? <UploadForm domains={domains} /> : (
            <p className="text-sm text-zinc-600">Create a <Link href="/domains" className="text-accent-600 hover:underline">domain</Link> first: every candidate belongs to one.</p>
          )}
        </div>
      </Card>}
      <div className="mb-2 flex flex-wrap items-end justify-between gap-2">
        <h2 className="text-sm font-semibold text-zinc-900">History</h2>
        <ListFilters path="/imports" label="Filter imports" filters={filters} />
      </div>
      {batches.items.length === 0 && filtered ? (
        <NoMatch path="/imports" what="imports" />
      ) : batches.items.length === 0 ? (
        <EmptyState title="No imports yet">
          {canImport ? "Drop a JSONL file above, or import" : "Leads import pools into your domains, in the browser or"} from a terminal: <code className="rounded bg-zinc-100 px-1 font-mono text-xs">npx edgewise import pool.jsonl --domain math</code>. Each import is listed here with its counts and bad lines.
        </EmptyState>
      ) : (
        <Table>
          <thead>
            <tr><Th>#</Th><Th>File</Th><Th>Domain</Th><Th>By</Th><Th>When</Th><Th>Status</Th><Th className="text-right">Inserted</Th><Th className="text-right">Dupes</Th><Th className="text-right">Rejected</Th></tr>
          </thead>
          <tbody className="divide-y divide-zinc-100">
            {batches.items.map((b) => (
              <tr key={b.id} className="relative hover:bg-zinc-50">
                <Td className="tabular-nums text-zinc-500">{b.id}</Td>
                <Td>
                  <Link href={`/imports/${b.id}`} className="font-medium text-zinc-900 after:absolute after:inset-0 hover:underline">{b.fileName}</Link>
                  <div className="text-xs text-zinc-500">{b.format} · {bytes(b.bytesTotal)}</div>
                </Td>
                <Td>{b.domain?.slug ?? "per line"}</Td>
                <Td className="max-w-40 truncate">{b.createdBy}</Td>
                <Td className="whitespace-nowrap text-zinc-500">{ago(b.createdAt)}</Td>
                <Td className="whitespace-nowrap"><ImportStatusBadge {...b} /></Td>
                <Td className="text-right tabular-nums">{n(b.inserted)}</Td>
                <Td className="text-right tabular-nums">{n(b.duplicates)}</Td>
                <Td className="text-right tabular-nums">{b.rejected ? <span className="text-red-700">{n(b.rejected)}</span> : 0}</Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      {(cursor || batches.nextCursor) && (
        <div className="mt-3 flex justify-end gap-2">
          {cursor && <ButtonLink variant="secondary" href={listHref("/imports", { domain, status })}>Newest</ButtonLink>}
          {batches.nextCursor && <ButtonLink variant="secondary" href={listHref("/imports", { domain, status, cursor: batches.nextCursor })}>Older →</ButtonLink>}
        </div>
      )}
    </>
  );
}
