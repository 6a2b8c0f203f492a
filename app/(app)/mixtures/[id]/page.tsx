import Link from "next/link";
import { requireRole } from "@/lib/auth/page";
import { getMixture } from "@/lib/export";
import { idParam, orNotFound } from "@/components/page-data";
import { Card, CardHeader, PageHeader } from "@/components/ui/card";
import { Facts } from "@/components/ui/facts";
import { Table, Td, Th } from "@/components/ui/table";
import { compact, n } from "@/components/format";

type Props = { params: Promise<{ id: string }> };

export default async function MixturePage({ params }: Props) {
  await requireRole("lead");
  const m = await orNotFound(getMixture(idParam((await params).id)));
  return (
    <>
      <PageHeader
        title={<>{m.name} · v{m.version}</>}
        description={m.mode === "epochs" ? "Each domain's rows repeated by its epochs." : "Each row carries its domain's weight."}
        action={<Link href="/mixtures" className="text-sm font-medium text-accent-700 hover:underline">← Mixtures</Link>}
      />
      <div className="grid gap-4 lg:grid-cols-3">
        <Card>
          <CardHeader title="Mixture" />
          <Facts items={[["Rows", n(m.rows)], ["Tokens (≈ chars / 4)", compact(m.tokens)], ["Mode", m.mode], ["Shuffle seed", m.seed ?? "none"], ["Saved by", m.createdBy], ["Saved", m.createdAt.toISOString().replace("T", " ").slice(0, 19) + " UTC"]]} />
        </Card>
        <div className="lg:col-span-2">
          <Table>
            <thead>
              <tr><Th>Domain</Th><Th>Snapshot</Th><Th className="text-right">Items</Th><Th className="text-right">{m.mode === "epochs" ? "Epochs" : "Weight"}</Th><Th className="text-right">Rows</Th><Th className="text-right">Tokens</Th><Th className="text-right">Share</Th></tr>
            </thead>
            <tbody className="divide-y divide-zinc-100">
              {m.perDomain.map((d) => (
                <tr key={d.snapshotId}>
                  <Td className="font-medium text-zinc-900">{d.domain}</Td>
                  <Td><Link href={`/snapshots/${d.snapshotId}`} className="text-accent-700 hover:underline">v{d.snapshotVersion}</Link></Td>
                  <Td className="text-right tabular-nums">{n(d.items)}</Td>
                  <Td className="text-right tabular-nums">{m.mode === "epochs" ? d.epochs : d.weight}</Td>
                  <Td className="text-right tabular-nums">{n(d.rows)}</Td>
                  <Td className="text-right tabular-nums">{compact(d.tokens)}</Td>
                  <Td className="text-right tabular-nums">{(d.share * 100).toFixed(1)}%</Td>
                </tr>
              ))}
            </tbody>
          </Table>
        </div>
      </div>
    </>
  );
}
