import { requireRole } from "@/lib/auth/page";
import { listMixtures, listSnapshots } from "@/lib/export";
import { MixtureBuilder } from "@/components/export/mixture-builder";
import { MixtureTable } from "@/components/export/mixture-table";
import { PageHeader } from "@/components/ui/card";

export const metadata = { title: "Mixtures" };

export default async function MixturesPage() {
  const user = await requireRole("lead");
  const [mixtures, snapshots] = await Promise.all([listMixtures({ limit: 100 }), listSnapshots(user, { limit: 200 })]);
  return (
    <>
      <PageHeader
        title="Mixtures"
        description="A mixture combines one frozen snapshot per domain, repeated by epochs or weighted: saved, versioned, reproducible."
      />
      <div className="space-y-6">
        <MixtureBuilder snapshots={snapshots.items.map((s) => ({ id: s.id, domain: s.domain, domainName: s.domainName, version: s.version, itemCount: s.itemCount }))} />
        {mixtures.items.length > 0 && (
          <section aria-label="Saved mixtures">
            <h2 className="mb-2 text-sm font-semibold text-zinc-900">Saved mixtures</h2>
            <MixtureTable mixtures={mixtures.items} />
          </section>
        )}
      </div>
    </>
  );
}
