import Link from "next/link";
import { requireRole } from "@/lib/auth/page";
import { auditFilterSchema, listAudit } from "@/lib/audit";
import { listUsers } from "@/lib/auth/users";
import { listDomainChoices } from "@/lib/domains";
import { listEndpoints } from "@/lib/models/endpoints";
import { auditDetails, auditTarget, type AuditNames } from "@/components/settings/audit-format";
import { ButtonLink } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Input } from "@/components/ui/form";
import { Table, Td, Th } from "@/components/ui/table";

export const metadata = { title: "Audit trail" };

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  await requireRole("admin");
  const sp = await searchParams;
  const raw = { action: sp.action || undefined, actor: sp.actor || undefined, cursor: sp.cursor || undefined };
  const parsed = auditFilterSchema.safeParse(raw);
  const [page, users, domains, endpoints] = await Promise.all([
    listAudit(parsed.success ? parsed.data : {}),
    listUsers(),
    listDomainChoices(),
    listEndpoints(),
  ]);
  const names: AuditNames = {
    users: new Map(users.map((u) => [u.id, u.email])),
    domains: new Map(domains.map((d) => [String(d.id), d])),
    endpoints: new Map(endpoints.map((e) => [String(e.id), e.name])),
  };
  const next = new URLSearchParams(Object.entries({ ...raw, cursor: String(page.nextCursor ?? "") }).filter(([, v]) => v) as [string, string][]);
  return (
    <>
      <PageHeader title="Audit trail" description="Append-only: who did what, and when. The database refuses to change or delete an entry." />
      <form className="mb-4 flex gap-2" action="/settings/audit">
        <Input name="action" defaultValue={raw.action} placeholder="Action prefix (auth., domain., user.)" className="w-72" aria-label="Action" />
        <Input name="actor" defaultValue={raw.actor} placeholder="Who (email contains)" className="w-56" aria-label="Actor" />
        <button className="rounded-md bg-zinc-900 px-3 py-1.5 text-sm font-medium text-white">Filter</button>
        {(raw.action || raw.actor) && <Link href="/settings/audit" className="px-2 py-1.5 text-sm text-zinc-600 hover:underline">Clear</Link>}
      </form>
      {page.items.length === 0 ? (
        <EmptyState title="No events match" />
      ) : (
        <Table>
          <thead><tr><Th className="w-44">When (UTC)</Th><Th>Who</Th><Th>Action</Th><Th>Target</Th><Th>Details</Th></tr></thead>
          <tbody className="divide-y divide-zinc-100">
            {page.items.map((e) => (
              <tr key={e.id}>
                <Td className="whitespace-nowrap font-mono text-xs">{e.at.toISOString().replace("T", " ").slice(0, 19)}</Td>
                <Td className="text-xs">{e.actorEmail ?? "—"}</Td>
                <Td className="font-mono text-xs">{e.action}</Td>
                <Td className="text-xs"><TargetCell target={auditTarget(e.targetType, e.targetId, detailsOf(e.details), names)} /></Td>
                <Td className="max-w-md truncate text-xs text-zinc-500"><span title={e.details ? JSON.stringify(e.details, null, 2) : undefined}>{auditDetails(e.details) || (e.ip ? `from ${e.ip}` : "")}</span></Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      {page.nextCursor && <div className="mt-3 text-right"><ButtonLink variant="secondary" href={`/settings/audit?${next}`}>Older →</ButtonLink></div>}
    </>
  );
}

const detailsOf = (d: unknown) => (d && typeof d === "object" && !Array.isArray(d) ? (d as Record<string, unknown>) : null);

function TargetCell({ target }: { target: ReturnType<typeof auditTarget> }) {
  if (!target) return <>—</>;
  return target.href ? <Link href={target.href} className="text-accent-700 hover:underline">{target.label}</Link> : <>{target.label}</>;
}
