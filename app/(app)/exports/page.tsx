import { requireUser } from "@/lib/auth/page";
import { atLeast } from "@/lib/auth/roles";
import { listExportJobs, listMixtures, listSnapshots } from "@/lib/export";
import { ExportJobs, type ExportJobJson } from "@/components/export/export-jobs";
import { MixtureTable } from "@/components/export/mixture-table";
import { SnapshotTable } from "@/components/export/snapshot-table";
import { ButtonLink } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";

export const metadata = { title: "Exports" };

// What can be exported: frozen snapshots (reviewers see their domains') and mixtures (leads).
// Export jobs (leads): a form, progress while they run, download links that survive a reload.
export default async function ExportsPage() {
  const user = await requireUser();
  const canLead = atLeast(user.role, "lead");
  const [snapshots, mixtures, jobs] = await Promise.all([
    listSnapshots(user, { limit: 100 }),
    canLead ? listMixtures({ limit: 100 }) : null,
    canLead ? listExportJobs({ limit: 50 }) : null,
  ]);
  const choices = [
    ...(mixtures?.items ?? []).map((m) => ({ value: `mixture:${m.id}`, label: `Mixture ${m.name} v${m.version}` })),
    ...snapshots.items.map((s) => ({ value: `snapshot:${s.id}`, label: `Snapshot ${s.domain} v${s.version} (#${s.id})` })),
  ];
  return (
    <>
      <PageHeader
        title="Exports"
        description="Snapshots freeze a domain's accepted set; mixtures combine one snapshot per domain. Both export as training files with a manifest."
        action={canLead && <ButtonLink href="/mixtures">Build a mixture</ButtonLink>}
      />
      <div className="space-y-6">
        {jobs && (
          <section aria-label="Export jobs">
            <h2 className="mb-2 text-sm font-semibold text-zinc-900">Export jobs</h2>
            <ExportJobs choices={choices} initial={JSON.parse(JSON.stringify(jobs.jobs)) as ExportJobJson[]} />
          </section>
        )}
        <section aria-label="Snapshots">
          <h2 className="mb-2 text-sm font-semibold text-zinc-900">Snapshots</h2>
          {snapshots.items.length ? (
            <SnapshotTable snapshots={snapshots.items} />
          ) : (
            <EmptyState title="No snapshot yet">Freeze one from a domain's page once reviewers have accepted items.</EmptyState>
          )}
        </section>
        {mixtures && (
          <section aria-label="Mixtures">
            <h2 className="mb-2 text-sm font-semibold text-zinc-900">Mixtures</h2>
            {mixtures.items.length ? <MixtureTable mixtures={mixtures.items} /> : <EmptyState title="No mixture yet">Build one from the snapshots above.</EmptyState>}
          </section>
        )}
      </div>
    </>
  );
}
