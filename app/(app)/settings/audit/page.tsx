import Link from "next/link";
import { requireRole } from "@/lib/auth/page";
import { auditFilterSchema, listAudit } from "@/lib/audit";
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
  const page = await listAudit(parsed.success ? parsed.data : {});
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
                <Td>{e.actorEmail ?? "—"}</Td>
                <Td className="font-mono text-xs">{e.action}</Td>
                <Td className="text-xs">{e.targetType ? `${e.targetType} ${e.targetId}` : "—"}</Td>
                <Td className="max-w-md truncate font-mono text-xs text-zinc-500" >{e.details ? JSON.stringify(e.details) : ""}</Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      {page.nextCursor && <div className="mt-3 text-right"><ButtonLink variant="secondary" href={`/settings/audit?${next}`}>Older →</ButtonLink></div>}
    </>
  );
}
