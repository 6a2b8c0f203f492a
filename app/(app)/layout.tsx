import { requireUser } from "@/lib/auth/page";
import { listEndpoints } from "@/lib/models/endpoints";
import { ResetRetries } from "@/components/ui/auto-retry";
import { Badge } from "@/components/ui/badge";
import { Sidebar } from "@/components/shell/sidebar";
import { TopBar } from "@/components/shell/top-bar";

// Every page here reads the database per request (and needs the session): never prerender.
export const dynamic = "force-dynamic";

export default async function AppLayout({ children }: { children: React.ReactNode }) {
  const user = await requireUser();
  // Pass rates measured against the bundled simulator are not real: say so on every page.
  const simulated = (await listEndpoints({ role: "target" })).some((e) => e.simulated);
  return (
    <div className="flex min-h-screen">
      <Sidebar role={user.role} name={user.name} email={user.email} />
      <div className="flex min-w-0 flex-1 flex-col">
        <TopBar
          badges={simulated && (
            <span title="A target model endpoint is the bundled simulator: its pass rates, tokens and costs are simulated, not measured on a real model.">
              <Badge tone="violet">Simulated model endpoint</Badge>
            </span>
          )}
        />
        <main className="min-w-0 flex-1 px-8 py-6">{children}</main>
        <ResetRetries />
      </div>
    </div>
  );
}
