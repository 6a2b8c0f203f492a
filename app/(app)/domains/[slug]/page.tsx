import Link from "next/link";
import { cache } from "react";
import { notFound } from "next/navigation";
import { requireDomainReader } from "@/lib/auth/page";
import { atLeast } from "@/lib/auth/roles";
import { stages } from "@/lib/candidates/queries";
import { listUsers } from "@/lib/auth/users";
import { latestPass, nearDupCounts } from "@/lib/dedup";
import { getDomainBySlug, listDomains } from "@/lib/domains";
import { listAssignments } from "@/lib/review";
import { domainBandCounts } from "@/lib/scoring/queries";
import { domainTargetModels, getDifficultyBasis } from "@/lib/scoring/domain-difficulty";
import { DifficultyBasisControl } from "@/components/domains/difficulty-basis";
import { domainChartsFor } from "@/lib/stats";
import { DomainForm } from "@/components/domain-form";
import { NearDupDomainCard } from "@/components/dedup/neardup-domain-card";
import { ReviewSettings } from "@/components/domains/review-settings";
import { BandCountsCard } from "@/components/scoring/band-counts";
import { SnapshotsCard } from "@/components/export/snapshots-card";
import { DecontamCard } from "@/components/dedup/decontam-card";
import { CoverageCard } from "@/components/dashboards/coverage-card";
import { DomainHistogram } from "@/components/dashboards/domain-charts";
import { StageBadge } from "@/components/ui/badge";
import { ButtonLink } from "@/components/ui/button";
import { Card, CardHeader, PageHeader } from "@/components/ui/card";
import { n } from "@/components/format";

type Props = { params: Promise<{ slug: string }> };

// listDomains() carries the stage counts this page shows; cached so the title reuses it.
const load = cache(async (slug: string) => (await listDomains()).find((x) => x.slug === slug) ?? notFound());

export async function generateMetadata({ params }: Props) {
  return { title: (await load((await params).slug)).name };
}

export default async function DomainPage({ params }: Props) {
  const d = await load((await params).slug);
  const user = await requireDomainReader(d.id); // reviewers: their domains only
  const canLead = atLeast(user.role, "lead");
  // Both read stored pass rates, so a band edit (which re-triages) shows here on the refresh.
  const [bandCounts, charts, settings, users, assigned, basis, targetModels, nearDups, nearDupPass] = await Promise.all([
    domainBandCounts(d.id),
    domainChartsFor(user, d.slug),
    getDomainBySlug(d.slug),
    canLead ? listUsers() : [],
    canLead ? listAssignments(d.slug) : [],
    getDifficultyBasis(d.id),
    domainTargetModels(d.id),
    nearDupCounts({ domainId: d.id }),
    latestPass({ domainId: d.id }),
  ]);
  const reviewers = users.filter((u) => u.role === "reviewer" && u.active).map((u) => ({ id: u.id, name: u.name, email: u.email }));
  return (
    <>
      <PageHeader
        title={d.name}
        description={`${d.slug} · ${d.answerKind} answers · ${n(d.total)} candidates`}
        action={
          <div className="flex gap-2">
            <ButtonLink variant="secondary" href={`/candidates?domain=${d.slug}`}>Browse candidates</ButtonLink>
            {canLead && <ButtonLink href={`/runs/new?domain=${d.slug}`}>Score this domain</ButtonLink>}
          </div>
        }
      />
      <div className="grid gap-4 lg:grid-cols-3">
        <Card className="lg:col-span-2">
          <CardHeader title="Settings" description={canLead ? "Changes are recorded in the audit trail." : "Read-only: leads and admins can change these."} />
          <div className="p-4">
            <DomainForm readOnly={!canLead} initial={{ slug: d.slug, name: d.name, answerKind: d.answerKind, bandLow: d.bandLow, bandHigh: d.bandHigh, quota: d.quota, reviewersPerItem: d.reviewersPerItem }} />
          </div>
        </Card>
        <div className="space-y-4">
          <Card>
            <CardHeader title="Candidates by stage" />
            <ul className="divide-y divide-zinc-100">
              {stages.map((s) => (
                <li key={s} className="flex items-center justify-between px-4 py-2 text-sm">
                  <Link href={`/candidates?domain=${d.slug}&stage=${s}`} className="hover:underline"><StageBadge stage={s} /></Link>
                  <span className="tabular-nums">{n(d.stages[s] ?? 0)}</span>
                </li>
              ))}
            </ul>
          </Card>
          <CoverageCard slug={d.slug} initial={charts} canLead={canLead} />
        </div>
        <div className="lg:col-span-2"><DomainHistogram slug={d.slug} initial={charts} canLead={canLead} /></div>
        <BandCountsCard counts={bandCounts} slug={d.slug} canStart={canLead} />
        <Card>
          <CardHeader title="Difficulty basis" description={canLead ? "Which target model's pass rate defines the band. Changes are recorded in the audit trail." : "Read-only: leads and admins change this."} />
          <div className="p-4"><DifficultyBasisControl slug={d.slug} initial={basis} models={targetModels} canEdit={canLead} /></div>
        </Card>
        <SnapshotsCard slug={d.slug} canFreeze={canLead} />
        <NearDupDomainCard slug={d.slug} threshold={settings.dedupThreshold} counts={nearDups} pass={nearDupPass} canLead={canLead} />
        {canLead && <DecontamCard slug={d.slug} />}
        <Card className="lg:col-span-3">
          <CardHeader title="Review" description={canLead ? "Who reviews this domain and how decisions become final. Changes are recorded in the audit trail." : "Read-only: leads and admins change these."} />
          <div className="p-4">
            <ReviewSettings
              slug={d.slug}
              canEdit={canLead}
              reviewers={reviewers}
              assigned={assigned.map((a) => a.id)}
              initial={{ reviewersPerItem: settings.reviewersPerItem, consensus: settings.consensus, reviewOrder: settings.reviewOrder, goldRate: canLead ? settings.goldRate : 0 /* gold stays unknown to reviewers */, rejectReasons: settings.rejectReasons, reviewGuidelines: settings.reviewGuidelines ?? "" }}
            />
          </div>
        </Card>
      </div>
    </>
  );
}
