"use client";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { api } from "@/components/api";
import { Badge, type Tone } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { Select } from "@/components/ui/form";
import { Table, Td, Th } from "@/components/ui/table";
import type { SnapshotDiff } from "@/lib/export/snapshots";

const TONE: Record<string, Tone> = { added: "green", removed: "red", changed: "amber" };

/** Compare this snapshot with another version of its domain: added, removed, changed. */
export function SnapshotDiffCard({ id, versions }: { id: number; versions: { id: number; version: number }[] }) {
  const others = versions.filter((v) => v.id !== id);
  const [against, setAgainst] = useState<number | null>(others.find((v) => v.id < id)?.id ?? others[0]?.id ?? null);
  const diff = useQuery({
    queryKey: ["snapshot-diff", id, against],
    enabled: against !== null,
    queryFn: () => api<SnapshotDiff>(`/api/snapshots/${id}/diff?against=${against}&limit=50`),
  });
  return (
    <Card>
      <CardHeader
        title="Compare versions"
        description="What changed from the chosen version to this one (a change: prompt, reference or chosen response)."
        action={
          others.length > 0 && (
            <Select aria-label="Compare against" value={against ?? ""} onChange={(e) => setAgainst(Number(e.target.value))}>
              {others.map((v) => <option key={v.id} value={v.id}>against v{v.version}</option>)}
            </Select>
          )
        }
      />
      {others.length === 0 ? (
        <p className="px-4 py-3 text-sm text-zinc-500">This is the domain's only snapshot: freeze another version to compare.</p>
      ) : diff.error ? (
        <p role="alert" className="px-4 py-3 text-sm text-red-700">{diff.error.message}</p>
      ) : !diff.data ? (
        <p className="px-4 py-3 text-sm text-zinc-500">Comparing…</p>
      ) : (
        <>
          <div className="flex gap-6 px-4 py-3 text-sm" aria-label="Diff counts">
            <span><span className="font-semibold tabular-nums text-emerald-700">+{diff.data.counts.added}</span> added</span>
            <span><span className="font-semibold tabular-nums text-red-700">−{diff.data.counts.removed}</span> removed</span>
            <span><span className="font-semibold tabular-nums text-amber-700">{diff.data.counts.changed}</span> changed</span>
            <span className="text-zinc-500"><span className="tabular-nums">{diff.data.counts.same}</span> unchanged</span>
          </div>
          {diff.data.items.length > 0 && (
            <Table className="rounded-none border-0 border-t">
              <thead><tr><Th>#</Th><Th>Change</Th><Th>Prompt</Th><Th>Response before → after</Th></tr></thead>
              <tbody className="divide-y divide-zinc-100">
                {diff.data.items.map((it) => (
                  <tr key={it.candidateId}>
                    <Td className="tabular-nums text-zinc-500">{it.candidateId}</Td>
                    <Td><Badge tone={TONE[it.kind]}>{it.kind}{it.kind === "changed" && it.responseChanged ? " (response)" : ""}</Badge></Td>
                    <Td className="max-w-sm"><p className="line-clamp-2 break-words">{it.prompt}</p></Td>
                    <Td className="max-w-md text-xs">
                      {it.kind === "changed" ? (
                        <><p className="line-clamp-2 break-words text-red-700">− {it.before ?? "—"}</p><p className="line-clamp-2 break-words text-emerald-700">+ {it.after ?? "—"}</p></>
                      ) : (
                        <p className="line-clamp-2 break-words">{it.after ?? it.before ?? "—"}</p>
                      )}
                    </Td>
                  </tr>
                ))}
              </tbody>
            </Table>
          )}
          {diff.data.nextCursor && <p className="border-t border-zinc-100 px-4 py-2 text-xs text-zinc-500">Showing the first 50 changes (GET /api/snapshots/{id}/diff pages the rest).</p>}
        </>
      )}
    </Card>
  );
}
