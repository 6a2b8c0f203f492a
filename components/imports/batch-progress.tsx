"use client";
import { useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { api } from "@/components/api";
import { Stat } from "@/components/ui/card";
import { Progress } from "@/components/ui/progress";
import { bytes, duration, n } from "@/components/format";
import { ImportStatusBadge } from "@/components/imports/import-status";
import { isLive, type ImportBatchLive } from "./batch-view";
import { ImportActions } from "./import-actions";

type Batch = ImportBatchLive;
const live = isLive;

/** Live counters for one import, polled every second until it finishes. */
/** `canAct`: cancel / retry, for leads; reviewers read the same progress without them. */
export function BatchProgress({ initial, canAct = true }: { initial: Batch; canAct?: boolean }) {
  const router = useRouter();
  const { data: b } = useQuery({
    queryKey: ["import", initial.id],
    queryFn: () => api<Batch>(`/api/imports/${initial.id}`),
    initialData: initial,
    refetchInterval: (q) => (q.state.data && live(q.state.data.status) ? 1000 : false),
  });

  // The rejected-lines list below is server-rendered: re-render it when the import finishes,
  // and while it runs whenever new bad lines arrived (at most every 3 s).
  const shown = useRef({ status: initial.status, rejected: initial.rejected, at: 0 });
  useEffect(() => {
    const s = shown.current;
    const finished = s.status !== b.status && !live(b.status);
    const newErrors = b.rejected !== s.rejected && Date.now() - s.at > 3000;
    if (finished || newErrors) {
      shown.current = { status: b.status, rejected: b.rejected, at: Date.now() };
      router.refresh();
    }
  }, [b.status, b.rejected, router]);

  // "Now" only after hydration: the server's clock would make the rate text mismatch.
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => setNow(Date.now()), [b]);

  // The rate is measured between polls (lines this page saw arrive), not since the start: a
  // resumed import's earlier lines and a stalled import's silence would both make an average lie.
  const seen = useRef<{ lines: number; at: number } | null>(null);
  const [liveRate, setLiveRate] = useState<number | null>(null);
  useEffect(() => {
    if (b.status !== "running" || b.stale) {
      seen.current = null;
      setLiveRate(null);
      return;
    }
    const at = Date.now();
    if (!seen.current) seen.current = { lines: b.linesRead, at };
    else if (at - seen.current.at >= 3000) setLiveRate((b.linesRead - seen.current.lines) / ((at - seen.current.at) / 1000));
  }, [b]);

  const fraction = b.status === "done" ? 1 : b.bytesTotal ? b.bytesRead / b.bytesTotal : null;
  const end = b.finishedAt ? new Date(b.finishedAt).getTime() : now;
  const seconds = b.startedAt && end ? (end - new Date(b.startedAt).getTime()) / 1000 : 0;
  // Under a few seconds a rate next to a rounded duration reads wrong ("13 lines in 1 s · 9 lines/s").
  const rate =
    b.status === "running" ? (liveRate !== null && !b.stale ? `${n(Math.round(liveRate))} lines/s` : null)
    : b.status === "done" && seconds >= 3 ? `${n(Math.round(b.linesRead / seconds))} lines/s` : null;
  // Blank lines are read but are neither candidates nor errors.
  const blank = b.status === "done" ? Math.max(0, b.linesRead - b.inserted - b.duplicates - b.rejected) : 0;
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
        <ImportStatusBadge {...b} />
        <span className="text-sm text-zinc-600">
          {b.status === "queued" && "Waiting for a worker…"}
          {b.status === "running" && !b.stale && `${bytes(b.bytesRead)} of ${bytes(b.bytesTotal)} · ${n(b.linesRead)} lines`}
          {b.status === "running" && b.stale && (
            <span className="text-amber-800">
              Stopped at line {n(b.linesRead)}: no heartbeat from {b.runner ?? "its process"}
              {b.heartbeatAgeSeconds !== null && ` for ${duration(b.heartbeatAgeSeconds)}`}. It has probably died; a worker
              resumes an upload from this line, or marks the import interrupted.
            </span>
          )}
          {b.status === "done" && `${n(b.linesRead)} lines read in ${duration(seconds)}${blank ? ` (${n(blank)} blank, skipped)` : ""}`}
          {b.status === "failed" && <span className="text-red-700">{b.errorMessage}</span>}
          {b.status === "interrupted" && <span className="text-amber-800">Stopped at line {n(b.linesRead)}: {b.errorMessage}</span>}
          {b.status === "cancelled" && `${b.errorMessage ?? "cancelled"} at line ${n(b.linesRead)}`}
          {b.status === "discarded" && `Discarded by ${b.discardedBy ?? "a lead"}: ${n(b.discardedCount ?? 0)} candidates removed; the counts below are what it imported`}
        </span>
        {rate && <span className="ml-auto text-xs tabular-nums text-zinc-500">{rate}</span>}
      </div>
      <Progress value={b.status === "queued" ? 0 : fraction} label="Import progress" />
      <div className="grid grid-cols-3 gap-4">
        <Stat label="Inserted" value={n(b.inserted)} hint="new candidates" />
        <Stat label="Duplicates" value={n(b.duplicates)} hint="already in the domain, or earlier in this file" />
        <Stat label="Rejected" value={n(b.rejected)} hint="bad lines, listed below" />
      </div>
      {canAct && <ImportActions batch={b} />}
    </div>
  );
}
