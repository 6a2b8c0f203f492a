import Link from "next/link";
import { listImportBatches } from "@/lib/candidates/import-batches";
import { listDomains } from "@/lib/domains";
import { overviewFor } from "@/lib/stats";
import { requireUser } from "@/lib/auth/page";
import { atLeast } from "@/lib/auth/roles";
import { StageChart } from "@/components/charts/stage-chart";
import { OverviewDashboard } from "@/components/dashboards/overview-dashboard";
import { ButtonLink } from "@/components/ui/button";
import { Card, CardHeader, PageHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { ago, n } from "@/components/format";
import { ImportStatusBadge } from "@/components/imports/import-status";

export default async function OverviewPage() {
  const user = await requireUser();
  const [all, imports, overview] = await Promise.all([listDomains(), listImportBatches({ limit: 6 }), overviewFor(user)]);
  // Reviewers see their assigned domains only (overviewFor scopes; the stage chart follows it).
  const shown = new Set(overview.domains.map((d) => d.id));
  const domains = all.filter((d) => shown.has(d.id));
  const canLead = atLeast(user.role, "lead");

  if (domains.length === 0) {
    return (
      <>
        <PageHeader title="Overview" />
        <EmptyState
          title="No domains yet"
          action={canLead && <ButtonLink href="/domains#new">Create a domain</ButtonLink>}
        >
          A domain (math, code, science…) is tuned on its own: its teachable band, its quota, its reviewers. Create one, then import a pool of candidates into it.
        </EmptyState>
      </>
    );
  }

  const chart = domains.map((d) => ({ domain: d.slug, ...d.stages }));
  return (
    <>
      <PageHeader title="Overview" description="Per domain: pool, scored, bands, accepted against the quota and the day's review; the funnel across domains. Refreshes every 10 s while the tab is open." />
      <OverviewDashboard initial={overview} canLead={canLead} />

      <div className="mt-6 grid gap-4 xl:grid-cols-3">
        <Card className="xl:col-span-2">
          <CardHeader title="Candidates by stage" description="Scoring runs and review move candidates right, from imported to accepted." />
          <div className="p-4"><StageChart data={chart} /></div>
        </Card>
        <Card>
          <CardHeader title="Recent imports" action={canLead && <Link href="/imports" className="text-xs font-medium text-accent-600 hover:underline">All imports</Link>} />
          <ul className="divide-y divide-zinc-100">
            {imports.items.length === 0 && (
              <li className="px-4 py-6 text-sm text-zinc-500">
                No imports yet.{canLead && <> <Link href="/imports" className="text-accent-600 hover:underline">Import a JSONL file</Link>.</>}
              </li>
            )}
            {imports.items.map((b) => (
              <li key={b.id} className="relative flex items-center justify-between gap-2 px-4 py-2.5 text-sm hover:bg-zinc-50">
                <div className="min-w-0">
                  {canLead ? (
                    <Link href={`/imports/${b.id}`} className="block truncate font-medium after:absolute after:inset-0">{b.fileName}</Link>
                  ) : (
                    <div className="truncate font-medium">{b.fileName}</div>
                  )}
                  <div className="text-xs text-zinc-500">{b.domain?.slug ?? "per-line domains"} · {n(b.inserted)} new · {ago(b.createdAt)}</div>
                </div>
                <ImportStatusBadge {...b} />
              </li>
            ))}
          </ul>
        </Card>
      </div>
    </>
  );
}
