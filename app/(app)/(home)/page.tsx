import Link from "next/link";
import { listImportBatches } from "@/lib/candidates/import-batches";
import { listDomains } from "@/lib/domains";
import { bandSplitByDomain } from "@/lib/scoring/queries";
import { requireUser } from "@/lib/auth/page";
import { atLeast } from "@/lib/auth/roles";
import { StageChart } from "@/components/charts/stage-chart";
import { StageBar } from "@/components/stage-bar";
import { ButtonLink } from "@/components/ui/button";
import { Card, CardHeader, PageHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Progress } from "@/components/ui/progress";
import { ago, n } from "@/components/format";
import { ImportStatusBadge } from "@/components/imports/import-status";
import { BandSplit } from "@/components/scoring/band-split";

export default async function OverviewPage() {
  const user = await requireUser();
  const [domains, imports, splits] = await Promise.all([listDomains(), listImportBatches({ limit: 6 }), bandSplitByDomain()]);
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
      <PageHeader title="Overview" description="Per-domain coverage: candidates by stage, the band split of what was scored, and accepted items against each domain's quota." />
      <div className="grid gap-4 md:grid-cols-2 xl:grid-cols-3">
        {domains.map((d) => {
          const accepted = d.stages.accepted ?? 0;
          return (
            <Card key={d.id} className="p-4">
              <div className="flex items-start justify-between">
                <div>
                  <Link href={`/domains/${d.slug}`} className="font-semibold hover:underline">{d.name}</Link>
                  <div className="text-xs text-zinc-500">{d.slug} · {d.answerKind} answers · band {d.bandLow}–{d.bandHigh}</div>
                </div>
                <Link href={`/candidates?domain=${d.slug}`} className="text-right">
                  <div className="text-2xl font-semibold tabular-nums">{n(d.total)}</div>
                  <div className="text-xs text-zinc-500">candidates</div>
                </Link>
              </div>
              <div className="mt-4"><StageBar stages={d.stages} total={d.total} /></div>
              <div className="mt-4">
                <div className="mb-1 flex justify-between text-xs text-zinc-600">
                  <span>Accepted vs quota</span>
                  <span className="tabular-nums">{n(accepted)} / {d.quota ? n(d.quota) : "no quota"}</span>
                </div>
                <Progress value={d.quota ? accepted / d.quota : 0} label={`${d.slug} quota`} />
              </div>
              <BandSplit className="mt-4" slug={d.slug} split={splits.get(d.id)} />
              <NextStep slug={d.slug} total={d.total} unscored={d.stages.imported ?? 0} canLead={canLead} />
            </Card>
          );
        })}
      </div>

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

/** What the domain needs next, while it has not reached review: a pool, then a first run. */
function NextStep({ slug, total, unscored, canLead }: { slug: string; total: number; unscored: number; canLead: boolean }) {
  const link = "font-medium text-accent-600 hover:underline";
  if (total === 0) {
    return <p className="mt-3 text-xs text-zinc-500">No candidates yet.{canLead && <> <Link href="/imports" className={link}>Import a pool</Link>.</>}</p>;
  }
  if (unscored < total) return null;
  return (
    <p className="mt-3 text-xs text-zinc-500">
      Nothing scored yet.{canLead ? <> <Link href={`/runs/new?domain=${slug}`} className={link}>Start an exploration run</Link> to measure difficulty.</> : " A lead starts a scoring run."}
    </p>
  );
}
