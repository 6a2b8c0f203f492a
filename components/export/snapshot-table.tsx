import Link from "next/link";
import { Table, Td, Th } from "@/components/ui/table";
import { ago, compact, n } from "@/components/format";
import type { SnapshotView } from "@/lib/export/types";

/** Snapshots of every readable domain, newest first (the exports page). */
export function SnapshotTable({ snapshots }: { snapshots: SnapshotView[] }) {
  return (
    <Table>
      <thead>
        <tr><Th>Domain</Th><Th>Version</Th><Th className="text-right">Items</Th><Th className="text-right">Tokens</Th><Th>Note</Th><Th>Frozen</Th></tr>
      </thead>
      <tbody className="divide-y divide-zinc-100">
        {snapshots.map((s) => (
          <tr key={s.id} className="relative hover:bg-zinc-50">
            <Td className="font-medium text-zinc-900"><Link href={`/snapshots/${s.id}`} className="after:absolute after:inset-0">{s.domainName}</Link></Td>
            <Td className="tabular-nums">v{s.version}</Td>
            <Td className="text-right tabular-nums">{n(s.itemCount)}</Td>
            <Td className="text-right tabular-nums">{compact(s.tokenEstimate)}</Td>
            <Td className="max-w-xs truncate text-zinc-500">{s.note ?? ""}</Td>
            <Td className="whitespace-nowrap text-zinc-500">{ago(s.createdAt)} by {s.createdBy}</Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
