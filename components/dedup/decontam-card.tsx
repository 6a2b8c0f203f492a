"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { api } from "@/components/api";
import { ago, n } from "@/components/format";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { Progress } from "@/components/ui/progress";
import type { DomainBenchmark } from "@/lib/dedup/overrides";

interface CheckJson {
  id: number;
  batchId: number | null;
  status: "queued" | "running" | "done" | "failed";
  benchmarks: { name: string; hits?: number }[];
  rule: { n: number; shortN: number; shortBelow: number };
  candidates: number;
  total: number;
  hits: number;
  contaminated: number;
  errorMessage: string | null;
  createdBy: string;
  createdAt: string;
  finishedAt: string | null;
}
/** The API's JSON of a domain's benchmark is lib/dedup's view itself (no Dates in it). */
type BenchmarkJson = DomainBenchmark;
interface StateJson {
  checks: CheckJson[];
  benchmarks: BenchmarkJson[];
  contaminated: number;
}

const live = (c?: CheckJson) => c && (c.status === "queued" || c.status === "running");

/**
 * The domain page's decontamination card (leads): check the domain against every benchmark
 * (a background job, progress shown), what the latest checks found, and per benchmark its hits
 * here and the override that stops them from excluding candidates (recorded in the audit).
 */
export function DecontamCard({ slug }: { slug: string }) {
  const qc = useQueryClient();
  const key = ["decontam", slug];
  const state = useQuery({
    queryKey: key,
    queryFn: () => api<StateJson>(`/api/domains/${encodeURIComponent(slug)}/decontam`),
    refetchInterval: (q) => (live(q.state.data?.checks[0]) ? 1500 : false),
  });
  const start = useMutation({
    mutationFn: () => api<CheckJson>(`/api/domains/${encodeURIComponent(slug)}/decontam`, { method: "POST", json: {} }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: key }),
  });
  const override = useMutation({
    mutationFn: (b: { id: number; overridden: boolean }) =>
      api(`/api/domains/${encodeURIComponent(slug)}/benchmarks/${b.id}`, { method: "PUT", json: { overridden: b.overridden } }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: key }),
  });
  const latest = state.data?.checks[0];
  const running = live(latest);
  return (
    <Card className="lg:col-span-3" aria-label="Decontamination">
      <CardHeader
        title="Benchmark decontamination"
        description={
          <>
            Candidates sharing an n-gram with a <Link href="/benchmarks" className="text-accent-700 hover:underline">benchmark</Link> item are flagged contaminated and left
            out of runs, review queues and snapshots. New imports are checked automatically; check the whole domain after adding a benchmark.
          </>
        }
        action={
          <Button onClick={() => start.mutate()} disabled={start.isPending || running}>
            {running ? "Checking…" : start.isPending ? "Starting…" : "Check against benchmarks"}
          </Button>
        }
      />
      {(start.error || override.error) && <p role="alert" className="border-b border-red-100 bg-red-50 px-4 py-2 text-sm text-red-700">{(start.error ?? override.error)!.message}</p>}
      {state.isPending ? (
        <p className="px-4 py-3 text-sm text-zinc-500">Loading…</p>
      ) : state.error ? (
        <p role="alert" className="px-4 py-3 text-sm text-red-700">{state.error.message}</p>
      ) : (
        <div className="space-y-3 p-4 text-sm">
          {!latest ? (
            <p className="text-zinc-500">Not checked yet. Press “Check against benchmarks” to flag contaminated candidates.</p>
          ) : running ? (
            <div className="space-y-1">
              <p>Check #{latest.id} {latest.status}: {n(latest.candidates)} of {n(latest.total)} candidates</p>
              <Progress value={latest.total ? latest.candidates / latest.total : null} label="Decontamination progress" />
            </div>
          ) : latest.status === "failed" ? (
            <p role="alert" className="text-red-700">Check #{latest.id} failed: {latest.errorMessage}</p>
          ) : (
            <p data-testid="decontam-latest">
              Last check {ago(latest.finishedAt ?? latest.createdAt)}{latest.batchId ? ` (import #${latest.batchId})` : ""}: {n(latest.candidates)} candidates against{" "}
              {latest.benchmarks.length} benchmarks ({latest.rule.n}-grams{latest.rule.shortBelow > 0 ? `, ${latest.rule.shortN}-grams under ${latest.rule.shortBelow} words` : ""}),{" "}
              {n(latest.hits)} hits. <strong>{n(state.data.contaminated)}</strong> candidates of this domain are contaminated now
              {state.data.contaminated > 0 && <> — see them on their pages (Candidates, contamination card).</>}
            </p>
          )}
          <ul className="divide-y divide-zinc-100 rounded-md border border-zinc-100" aria-label="Benchmarks for this domain">
            {state.data.benchmarks.map((b) => (
              <li key={b.id} className="flex items-center justify-between gap-4 px-3 py-2">
                <span className="min-w-0">
                  <span className="font-medium text-zinc-900">{b.name}</span>
                  <span className="ml-2 text-zinc-500">{b.releaseDate ?? ""} · {n(b.itemCount)} items · {n(b.hits)} hits here</span>
                  {b.overridden && <span className="ml-2 rounded bg-amber-50 px-1.5 py-0.5 text-xs text-amber-800">overridden by {b.overriddenBy}</span>}
                </span>
                <label className="flex shrink-0 items-center gap-2 text-xs text-zinc-600">
                  <input
                    type="checkbox"
                    // Shown as asked while the change is saved (the list refetches after it).
                    checked={override.isPending && override.variables?.id === b.id ? override.variables.overridden : b.overridden}
                    disabled={override.isPending}
                    onChange={(e) => override.mutate({ id: b.id, overridden: e.target.checked })}
                    aria-label={`Override ${b.name} for this domain`}
                  />
                  Override (its hits do not exclude)
                </label>
              </li>
            ))}
          </ul>
        </div>
      )}
    </Card>
  );
}
