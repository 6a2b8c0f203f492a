"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { api } from "@/components/api";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { Input } from "@/components/ui/form";
import { ago, compact, n } from "@/components/format";
import type { SnapshotJson } from "./types";

/**
 * A domain's frozen snapshots, newest first, and (for leads) the button that freezes the
 * current accepted set as the next version. Rendered on the domain page.
 */
export function SnapshotsCard({ slug, canFreeze }: { slug: string; canFreeze: boolean }) {
  const qc = useQueryClient();
  const key = ["snapshots", slug];
  const list = useQuery({ queryKey: key, queryFn: () => api<{ items: SnapshotJson[] }>(`/api/snapshots?domain=${encodeURIComponent(slug)}&limit=20`) });
  const [note, setNote] = useState("");
  const freeze = useMutation({
    mutationFn: () => api<SnapshotJson>("/api/snapshots", { method: "POST", json: { domain: slug, note: note.trim() || undefined } }),
    onSuccess: () => {
      setNote("");
      void qc.invalidateQueries({ queryKey: key });
    },
  });
  const items = list.data?.items ?? [];
  return (
    <Card className="lg:col-span-3" aria-label="Snapshots">
      <CardHeader
        title="Snapshots"
        description="A snapshot freezes the domain's final accepted items with their chosen responses: immutable and versioned, ready to mix and export."
        action={
          canFreeze && (
            <form className="flex items-center gap-2" onSubmit={(e) => { e.preventDefault(); freeze.mutate(); }}>
              <Input aria-label="Snapshot note" placeholder="Note (optional)" value={note} onChange={(e) => setNote(e.target.value)} className="w-56" maxLength={2000} />
              <Button type="submit" disabled={freeze.isPending}>{freeze.isPending ? "Freezing…" : "Freeze snapshot"}</Button>
            </form>
          )
        }
      />
      {freeze.error && <p role="alert" className="border-b border-red-100 bg-red-50 px-4 py-2 text-sm text-red-700">{freeze.error.message}</p>}
      {list.isPending ? (
        <p className="px-4 py-3 text-sm text-zinc-500">Loading snapshots…</p>
      ) : list.error ? (
        <p role="alert" className="px-4 py-3 text-sm text-red-700">{list.error.message}</p>
      ) : items.length === 0 ? (
        <p className="px-4 py-3 text-sm text-zinc-500">No snapshot yet.{canFreeze ? " Freeze one once reviewers have accepted items." : " A lead freezes one once items are accepted."}</p>
      ) : (
        <ul className="divide-y divide-zinc-100" aria-label="Snapshot versions">
          {items.map((s) => (
            <li key={s.id} className="relative flex items-center justify-between gap-4 px-4 py-2 text-sm hover:bg-zinc-50">
              <div className="min-w-0">
                <Link href={`/snapshots/${s.id}`} className="font-medium text-zinc-900 after:absolute after:inset-0">v{s.version}</Link>
                <span className="ml-2 text-zinc-500">{ago(s.createdAt)} by {s.createdBy}</span>
                {s.note && <span className="ml-2 truncate text-zinc-500">· {s.note}</span>}
              </div>
              <div className="shrink-0 tabular-nums text-zinc-600">
                {n(s.itemCount)} items · ~{compact(s.tokenEstimate)} tokens · <span className="font-mono text-xs text-zinc-400">{s.contentHash.slice(0, 10)}</span>
              </div>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
