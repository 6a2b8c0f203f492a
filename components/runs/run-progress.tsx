"use client";
import { useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useRef } from "react";
import { api } from "@/components/api";
import { Stat } from "@/components/ui/card";
import { Progress } from "@/components/ui/progress";
import { compact, duration, n, usd } from "@/components/format";
import { ErrorsByKind } from "./errors-by-kind";
import { TruncationHint } from "./truncation-hint";
import { RunActions } from "./run-actions";
import { RunStatusBadge } from "./run-status";
import { liveStatus, type EndpointLabel, type RunLive } from "./run-view";

/**
 * Live counters of one run, polled every second while it is queued or running. The
 * server-rendered parts of the page (histogram, projection) refresh every few seconds while
 * it runs and once when it stops.
 */
export function RunProgress({ initial, endpoint, canLead }: { initial: RunLive; endpoint: EndpointLabel | null; canLead: boolean }) {
  const router = useRouter();
  const { data: r } = useQuery({
    queryKey: ["run", initial.id],
    queryFn: () => api<RunLive>(`/api/runs/${initial.id}`),
    initialData: initial,
    // Progress counts the run's items: poll a scaling run over a big pool less often. A pause
    // or cancel aborts what is in flight and nothing is written after it commits (lib/scoring/driver.ts),
    // so the numbers seen with the new status are final; leased items (a run that ended while
    // a driver still held some) are the only reason to look again.
    refetchInterval: (q) => {
      const d = q.state.data;
      if (!d) return false;
      if (liveStatus(d.status)) return d.total > 100_000 ? 3000 : 1000;
      return d.progress.inFlight > 0 ? 1000 : false;
    },
  });

  const shown = useRef({ status: initial.status, at: Date.now() });
  useEffect(() => {
    const s = shown.current;
    if (s.status !== r.status || (r.status === "running" && Date.now() - s.at > 4000)) {
      shown.current = { status: r.status, at: Date.now() };
      router.refresh();
    }
  }, [r, router]);

  const p = r.progress;
  // A paused or cancelled run has no current throughput; a finished one shows its average.
  const rate = (r.status === "running" || r.status === "done") && p.elapsedSeconds > 0.5 && r.samples > 0 ? p.samplesPerSecond : null;
  const fraction = r.total ? r.completed / r.total : r.status === "done" ? 1 : null;

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-x-3 gap-y-2">
        <RunStatusBadge status={r.status} />
        <span className="text-sm text-zinc-600" data-testid="run-progress-text">
          {r.status === "queued" && (r.mode === "batch" ? "Waiting for a batch output file (download the requests below)…" : "Waiting for a worker…")}
          {r.status !== "queued" && (p.failed ? `${n(p.done)} of ${n(r.total)} candidates scored, ${n(p.failed)} failed` : `${n(r.completed)} of ${n(r.total)} candidates scored`)}
          {r.status === "done" && p.elapsedSeconds > 0 && ` in ${duration(p.elapsedSeconds)}${r.mode === "batch" ? " of ingesting files" : ""}`}
          {r.status === "running" && p.etaSeconds !== null && ` · about ${duration(p.etaSeconds)} to go`}
        </span>
        {r.status === "failed" && r.errorMessage && <span className="text-sm text-red-700">{r.errorMessage}</span>}
        <div className="ml-auto">{canLead && <RunActions id={r.id} status={r.status} />}</div>
      </div>
      <Progress value={r.status === "queued" ? 0 : fraction} label="Run progress" />
      <div className="grid grid-cols-2 gap-4 sm:grid-cols-4">
        <Stat label="Samples" value={n(r.samples)} hint={rate !== null ? `${rate.toFixed(1)} samples/s` : r.status === "paused" || r.status === "cancelled" ? r.status : "throughput appears once sampling starts"} />
        <Stat label="Tokens in / out" value={<span className="text-xl">{compact(r.promptTokens)} / {compact(r.completionTokens)}</span>} hint={`${n(r.promptTokens)} prompt, ${n(r.completionTokens)} completion`} />
        <Stat label="Cost" value={usd(r.costUsd)} hint={endpoint?.simulated ? "simulated endpoint" : "at the endpoint's prices"} />
        <Stat label="Sample errors" value={n(r.sampleErrors)} hint={r.samples + r.sampleErrors ? `${((r.sampleErrors / (r.samples + r.sampleErrors)) * 100).toFixed(1)}% of attempted samples` : "none yet"} />
      </div>
      <ErrorsByKind errors={r.errorsByKind} />
      <TruncationHint run={r} />
    </div>
  );
}
