"use client";
import { useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useRef } from "react";
import { api } from "@/components/api";
import { Badge, statusTone } from "@/components/ui/badge";
import { Stat } from "@/components/ui/card";
import { Progress } from "@/components/ui/progress";
import { bytes, n } from "@/components/format";

interface Batch {
  id: number;
  status: "queued" | "running" | "done" | "failed";
  bytesTotal: number | null;
  bytesRead: number;
  linesRead: number;
  inserted: number;
  duplicates: number;
  rejected: number;
  errorMessage: string | null;
}

/** Live counters for one import, polled every second until it finishes. */
export function BatchProgress({ initial }: { initial: Batch }) {
  const router = useRouter();
  const { data: b } = useQuery({
    queryKey: ["import", initial.id],
    queryFn: () => api<Batch>(`/api/imports/${initial.id}`),
    initialData: initial,
    refetchInterval: (q) => (q.state.data && ["queued", "running"].includes(q.state.data.status) ? 1000 : false),
  });
  // When it finishes, refresh the server-rendered error list below.
  const was = useRef(initial.status);
  useEffect(() => {
    if (was.current !== b.status && (b.status === "done" || b.status === "failed")) router.refresh();
    was.current = b.status;
  }, [b.status, router]);

  const fraction = b.status === "done" ? 1 : b.bytesTotal ? b.bytesRead / b.bytesTotal : null;
  return (
    <div className="space-y-4">
      <div className="flex items-center gap-3">
        <Badge tone={statusTone[b.status]}>{b.status}</Badge>
        <span className="text-sm text-zinc-600">
          {b.status === "queued" && "Waiting for a worker…"}
          {b.status === "running" && `${bytes(b.bytesRead)} of ${bytes(b.bytesTotal)} · ${n(b.linesRead)} lines`}
          {b.status === "done" && `${n(b.linesRead)} lines read`}
          {b.status === "failed" && <span className="text-red-700">{b.errorMessage}</span>}
        </span>
      </div>
      <Progress value={b.status === "queued" ? 0 : fraction} label="Import progress" />
      <div className="grid grid-cols-3 gap-4">
        <Stat label="Inserted" value={n(b.inserted)} />
        <Stat label="Duplicates" value={n(b.duplicates)} hint="already in the domain" />
        <Stat label="Rejected" value={n(b.rejected)} hint="bad lines, listed below" />
      </div>
    </div>
  );
}
