import { requireRole } from "@/lib/auth/page";
import { listEndpoints } from "@/lib/models/endpoints";
import { EndpointsAdmin } from "@/components/endpoints/endpoints-admin";
import { PageHeader } from "@/components/ui/card";

export const metadata = { title: "Model endpoints" };

export default async function EndpointsPage() {
  await requireRole("admin");
  const endpoints = (await listEndpoints()).map(({ createdAt: _c, updatedAt: _u, ...e }) => e);
  return (
    <>
      <PageHeader
        title="Model endpoints"
        description="OpenAI-compatible servers that runs sample from (target), take proxy references from (teacher) or ask for a rubric verdict (judge). Limits hold across all workers. Keys come from an environment variable or are stored encrypted; they are never shown again."
      />
      <EndpointsAdmin endpoints={endpoints} />
    </>
  );
}
