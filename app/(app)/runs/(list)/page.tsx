import Link from "next/link";
import { pageDomainIds, requireUser } from "@/lib/auth/page";
import { atLeast } from "@/lib/auth/roles";
import { listEndpoints } from "@/lib/models/endpoints";
import { listRuns, runStatuses } from "@/lib/scoring/runs";
import { domainIdsBySlug } from "@/lib/domains";
import { RunStatusBadge } from "@/components/runs/run-status";
import { Badge } from "@/components/ui/badge";
import { ButtonLink } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Progress } from "@/components/ui/progress";
import { Table, Td, Th } from "@/components/ui/table";
import { ago, n, usd } from "@/components/format";
import { cursorParam } from "@/components/page-data";
import { domainAndStatus, ListFilters, listHref, NoMatch } from "@/components/ui/list-filters";

export const metadata = { title: "Runs" };

export default async function RunsPage({ searchParams }: { searchParams: Promise<{ cursor?: string; domain?: string; status?: string }> }) {
  const user = await requireUser();
  const canLead = atLeast(user.role, "lead");
  const q = await searchParams;
  const cursor = cursorParam(q.cursor); // a hand-edited ?cursor= is ignored, never an error page
  const domains = [...(await domainIdsBySlug()).keys()].sort();
  const { domain, status, filtered, filters } = domainAndStatus(q, domains, runStatuses);
  const [runs, endpoints] = await Promise.all([listRuns({ cursor, limit: 50, domain, status }, { domainIds: await pageDomainIds() }), listEndpoints()]);
  const endpointById = new Map(endpoints.map((e) => [e.id, e]));
  const newRun = canLead && <ButtonLink href="/runs/new">New run</ButtonLink>;

  return (
    <>
      <PageHeader
        title="Runs"
        description="Scoring runs sample the target model k times per candidate and verify every answer: the pass rate places each candidate in its domain's band."
        action={runs.items.length > 0 && newRun}
      />
      {(runs.items.length > 0 || filtered) && (
        <div className="mb-2 flex justify-end">
          <ListFilters path="/runs" label="Filter runs" filters={filters} />
        </div>
      )}
      {runs.items.length === 0 && filtered ? (
        <NoMatch path="/runs" what="runs" />
      ) : runs.items.length === 0 ? (
        <EmptyState title="No scoring runs yet" action={newRun}>
          Start an exploration run on a domain: it scores a random sample and projects the teachable yield, tokens and cost of
          the whole pool. {canLead ? "" : "Leads and admins start runs; you can follow them here."}
        </EmptyState>
      ) : (
        <Table>
          <thead>
            <tr>
              <Th>#</Th><Th>Domain</Th><Th>Phase</Th><Th>Target</Th><Th>Status</Th><Th className="w-40">Progress</Th>
              <Th className="text-right">Samples</Th><Th className="text-right">Cost</Th><Th>Started</Th>
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-100">
            {runs.items.map((r) => {
              const ep = endpointById.get(r.targetEndpointId);
              return (
                <tr key={r.id} className="relative hover:bg-zinc-50">
                  <Td className="tabular-nums text-zinc-500">
                    <Link href={`/runs/${r.id}`} className="after:absolute after:inset-0" aria-label={`Run ${r.id}`}>{r.id}</Link>
                  </Td>
                  <Td className="font-medium text-zinc-900">{r.domainName}</Td>
                  <Td className="whitespace-nowrap">{r.phase}{r.mode === "batch" && <span className="text-zinc-500"> · batch</span>}</Td>
                  <Td>
                    <div className="flex items-center gap-1.5">
                      <span className="max-w-52 truncate" title={ep?.model}>{ep?.name ?? `endpoint #${r.targetEndpointId}`}</span>
                      {ep?.simulated && <Badge tone="violet">simulated</Badge>}
                    </div>
                  </Td>
                  <Td><RunStatusBadge status={r.status} /></Td>
                  <Td>
                    <Progress value={r.total ? r.completed / r.total : r.status === "done" ? 1 : 0} label={`Run ${r.id} progress`} />
                    <div className="mt-1 text-xs tabular-nums text-zinc-500">{n(r.completed)} / {n(r.total)}</div>
                  </Td>
                  <Td className="text-right tabular-nums">{n(r.samples)}</Td>
                  <Td className="text-right tabular-nums">{usd(r.costUsd)}</Td>
                  <Td className="whitespace-nowrap text-zinc-500">{ago(r.startedAt ?? r.createdAt)}</Td>
                </tr>
              );
            })}
          </tbody>
        </Table>
      )}
      {(cursor || runs.nextCursor) && (
        <div className="mt-3 flex justify-end gap-2">
          {cursor && <ButtonLink variant="secondary" href={listHref("/runs", { domain, status })}>Newest</ButtonLink>}
          {runs.nextCursor && <ButtonLink variant="secondary" href={listHref("/runs", { domain, status, cursor: runs.nextCursor })}>Older →</ButtonLink>}
        </div>
      )}
    </>
  );
}
