"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { api } from "@/components/api";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { Field, Input, Select } from "@/components/ui/form";
import { Progress } from "@/components/ui/progress";
import type { DriftReport } from "@/lib/export/drift";

type RunJson = { id: number; status: string; total: number; completed: number; targetEndpointId: number; createdAt: string };
const OUTCOMES = [
  ["too_easy", "now too easy", "text-accent-700"],
  ["teachable", "still teachable", "text-emerald-700"],
  ["too_hard", "now too hard", "text-red-700"],
  ["unverifiable", "unverifiable", "text-amber-700"],
  ["pending", "not scored yet", "text-zinc-500"],
] as const;

/**
 * Drift: score the snapshot's items with a new target model and see which accepted items it
 * now finds too easy or too hard — the next round of the Phi-4 loop.
 */
export function DriftPanel({ id, canStart, endpoints }: { id: number; canStart: boolean; endpoints: { id: number; name: string; simulated: boolean }[] }) {
  const qc = useQueryClient();
  const runs = useQuery({ queryKey: ["drift-runs", id], queryFn: () => api<{ runs: RunJson[] }>(`/api/snapshots/${id}/drift`) });
  const [picked, setPicked] = useState<number | null>(null);
  const runId = picked ?? runs.data?.runs[0]?.id ?? null;
  const report = useQuery({
    queryKey: ["drift", id, runId],
    enabled: runId !== null,
    queryFn: () => api<DriftReport>(`/api/snapshots/${id}/drift?run=${runId}&limit=20`),
    refetchInterval: (q) => (q.state.data && ["queued", "running"].includes(q.state.data.run.status) ? 2000 : false),
  });
  const [endpoint, setEndpoint] = useState<number | "">(endpoints[0]?.id ?? "");
  const [k, setK] = useState("8");
  const start = useMutation({
    mutationFn: () => api<RunJson>(`/api/snapshots/${id}/drift`, { method: "POST", json: { targetEndpointId: Number(endpoint), k: Number(k) } }),
    onSuccess: (run) => {
      setPicked(run.id);
      void qc.invalidateQueries({ queryKey: ["drift-runs", id] });
    },
  });
  const r = report.data;
  return (
    <Card>
      <CardHeader title="Drift" description="Score these accepted items with a new target model: which became too easy, too hard, or stayed teachable under this snapshot's band." />
      {canStart && (
        <form className="flex flex-wrap items-end gap-3 border-b border-zinc-100 px-4 py-3" onSubmit={(e) => { e.preventDefault(); start.mutate(); }}>
          <Field label="New target model">
            <Select value={endpoint} onChange={(e) => setEndpoint(Number(e.target.value))} required>
              {endpoints.length === 0 && <option value="">No target endpoint</option>}
              {endpoints.map((e) => <option key={e.id} value={e.id}>{e.name}{e.simulated ? " (simulated)" : ""}</option>)}
            </Select>
          </Field>
          <Field label="k (samples per item)"><Input type="number" min={1} max={128} value={k} onChange={(e) => setK(e.target.value)} className="w-24" /></Field>
          <Button type="submit" disabled={start.isPending || endpoint === ""}>{start.isPending ? "Starting…" : "Start drift run"}</Button>
          {start.error && <span role="alert" className="text-sm text-red-700">{start.error.message}</span>}
        </form>
      )}
      {runs.data && runs.data.runs.length > 1 && (
        <div className="border-b border-zinc-100 px-4 py-2">
          <Select aria-label="Drift run" value={runId ?? ""} onChange={(e) => setPicked(Number(e.target.value))}>
            {runs.data.runs.map((run) => <option key={run.id} value={run.id}>Run #{run.id} ({run.status})</option>)}
          </Select>
        </div>
      )}
      {runId === null ? (
        <p className="px-4 py-3 text-sm text-zinc-500">No drift run yet.</p>
      ) : !r ? (
        <p className="px-4 py-3 text-sm text-zinc-500">{report.error ? report.error.message : "Loading the report…"}</p>
      ) : (
        <div className="space-y-3 px-4 py-3">
          <div className="flex items-center gap-3 text-sm">
            <Link href={`/runs/${r.run.id}`} className="font-medium text-accent-700 hover:underline">Run #{r.run.id}</Link>
            <span className="text-zinc-500">{r.run.status}</span>
            <div className="w-48"><Progress value={r.run.total ? r.run.completed / r.run.total : 0} label={`Drift run ${r.run.id} progress`} /></div>
            <span className="tabular-nums text-zinc-500">{r.run.completed} / {r.run.total}</span>
          </div>
          <dl className="grid grid-cols-5 gap-2" aria-label="Drift counts">
            {OUTCOMES.map(([key, label, tone]) => (
              <div key={key} className="rounded-md border border-zinc-200 px-3 py-2">
                <dt className="text-xs text-zinc-500">{label}</dt>
                <dd data-outcome={key} className={`text-lg font-semibold tabular-nums ${tone}`}>{r.counts[key]}</dd>
              </div>
            ))}
          </dl>
          <p className="text-xs text-zinc-500">Band at freeze: {r.band.low} &lt; pass rate &lt; {r.band.high}.</p>
        </div>
      )}
    </Card>
  );
}
