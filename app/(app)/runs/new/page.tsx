import { requireRole } from "@/lib/auth/page";
import { listImportBatches } from "@/lib/candidates/import-batches";
import { listSources, stages } from "@/lib/candidates/queries";
import { listDomains } from "@/lib/domains";
import { listEndpoints } from "@/lib/models/endpoints";
import { RunForm } from "@/components/runs/run-form";
import { Card, PageHeader } from "@/components/ui/card";

export const metadata = { title: "New run" };

export default async function NewRunPage({ searchParams }: { searchParams: Promise<{ domain?: string }> }) {
  await requireRole("lead");
  const [domains, endpoints, batches, sources] = await Promise.all([listDomains(), listEndpoints(), listImportBatches({ limit: 100 }), listSources()]);
  return (
    <>
      <PageHeader
        title="New scoring run"
        description="Sample the target model k times per candidate and verify each answer against the reference. Start with an exploration run: it projects the teachable yield and the cost of scoring the whole pool."
      />
      <Card className="p-4">
        <RunForm
          domains={domains.map((d) => ({ id: d.id, slug: d.slug, name: d.name, total: d.total, bandLow: d.bandLow, bandHigh: d.bandHigh }))}
          endpoints={endpoints.map((e) => ({ id: e.id, name: e.name, model: e.model, roles: e.roles, simulated: e.simulated }))}
          batches={batches.items.map((b) => ({ id: b.id, fileName: b.fileName, domain: b.domain?.slug ?? null }))}
          sources={sources}
          stages={stages}
          initialDomain={(await searchParams).domain}
        />
      </Card>
    </>
  );
}
