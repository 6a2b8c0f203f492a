"use client";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { api } from "@/components/api";
import { BandBadge } from "@/components/scoring/band";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { Table, Td, Th } from "@/components/ui/table";
import type { SnapshotItemPreview } from "@/lib/export/snapshots";

const SOURCE: Record<string, string> = { sample: "target attempt", teacher: "teacher", reference: "reference", none: "none chosen" };

/** The frozen items, a keyset page at a time (texts cut for display; exports carry them whole). */
export function SnapshotItems({ id, total }: { id: number; total: number }) {
  const [cursors, setCursors] = useState<number[]>([0]);
  const cursor = cursors[cursors.length - 1];
  const page = useQuery({
    queryKey: ["snapshot-items", id, cursor],
    queryFn: () => api<{ items: { items: SnapshotItemPreview[]; nextCursor: number | null } }>(`/api/snapshots/${id}?cursor=${cursor}&limit=25`),
  });
  const data = page.data?.items;
  return (
    <Card>
      <CardHeader title="Items" description={`${total.toLocaleString("en")} frozen items: prompt and the response chosen in review, as exports write them.`} />
      {page.error && <p role="alert" className="px-4 py-3 text-sm text-red-700">{page.error.message}</p>}
      <Table className="rounded-none border-0">
        <thead>
          <tr><Th>#</Th><Th>Prompt</Th><Th>Response</Th><Th>Pass rate</Th><Th>Band</Th></tr>
        </thead>
        <tbody className="divide-y divide-zinc-100">
          {(data?.items ?? []).map((it) => (
            <tr key={it.candidateId}>
              <Td className="tabular-nums text-zinc-500">{it.candidateId}</Td>
              <Td className="max-w-md"><p className="line-clamp-3 whitespace-pre-wrap break-words">{it.prompt}</p></Td>
              <Td className="max-w-md">
                <div className="text-xs text-zinc-400">{SOURCE[it.responseSource] ?? it.responseSource}</div>
                <p className="line-clamp-3 whitespace-pre-wrap break-words">{it.response ?? "—"}</p>
              </Td>
              <Td className="whitespace-nowrap tabular-nums">{it.passRate === null ? "—" : `${it.passes}/${it.k}`}</Td>
              <Td>{it.band ? <BandBadge band={it.band} /> : "—"}</Td>
            </tr>
          ))}
        </tbody>
      </Table>
      <div className="flex justify-end gap-2 border-t border-zinc-100 px-4 py-2">
        <Button variant="secondary" disabled={cursors.length === 1} onClick={() => setCursors((c) => c.slice(0, -1))}>Previous</Button>
        <Button variant="secondary" disabled={!data?.nextCursor} onClick={() => data?.nextCursor && setCursors((c) => [...c, data.nextCursor!])}>Next</Button>
      </div>
    </Card>
  );
}
