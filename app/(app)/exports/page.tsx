import { requireUser } from "@/lib/auth/page";
import { atLeast } from "@/lib/auth/roles";
import { listMixtures, listSnapshots } from "@/lib/export";
import { MixtureTable } from "@/components/export/mixture-table";
import { SnapshotTable } from "@/components/export/snapshot-table";
import { ButtonLink } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";

export const metadata = { title: "Exports" };

// What can be exported: frozen snapshots (reviewers see their domains') and mixtures (leads).
// Export jobs (formats, manifest, downloads) are added to this page by the export issue work.
export default async function ExportsPage() {
  const user = await requireUser();
  const canLead = atLeast(user.role, "lead");
  const [snapshots, mixtures] = await Promise.all([listSnapshots(user, { limit: 100 }), canLead ? listMixtures({ limit: 100 }) : null]);
  return (
    <>
      <PageHeader
        title="Exports"
        description="Snapshots freeze a domain's accepted set; mixtures combine one snapshot per domain. Both export as training files with a manifest."
        action={canLead && <ButtonLink href="/mixtures">Build a mixture</ButtonLink>}
      />
      <div className="space-y-6">
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
