import Link from "next/link";
import { Table, Td, Th } from "@/components/ui/table";
import { ago, compact, n } from "@/components/format";
import type { MixtureView } from "@/lib/export/types";

/** Saved mixtures, newest first (the mixtures and exports pages). */
export function MixtureTable({ mixtures }: { mixtures: MixtureView[] }) {
  return (
    <Table>
      <thead>
        <tr><Th>Name</Th><Th>Version</Th><Th>Mode</Th><Th>Domains</Th><Th className="text-right">Rows</Th><Th className="text-right">Tokens</Th><Th>Saved</Th></tr>
      </thead>
      <tbody className="divide-y divide-zinc-100">
        {mixtures.map((m) => (
          <tr key={m.id} className="relative hover:bg-zinc-50">
            <Td className="font-medium text-zinc-900"><Link href={`/mixtures/${m.id}`} className="after:absolute after:inset-0">{m.name}</Link></Td>
            <Td className="tabular-nums">v{m.version}</Td>
            <Td>{m.mode}</Td>
            <Td>{m.perDomain.map((d) => `${d.domain} v${d.snapshotVersion}${d.epochs !== null ? ` ×${d.epochs}` : ` w${d.weight}`}`).join(", ")}</Td>
            <Td className="text-right tabular-nums">{n(m.rows)}</Td>
            <Td className="text-right tabular-nums">{compact(m.tokens)}</Td>
            <Td className="whitespace-nowrap text-zinc-500">{ago(m.createdAt)} by {m.createdBy}</Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
