"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { api, ApiError } from "@/components/api";
import { ago, bytes, n } from "@/components/format";
import { Badge, statusTone } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { Field, FormError, Input, Select } from "@/components/ui/form";
import { Progress } from "@/components/ui/progress";
import { Table, Td, Th } from "@/components/ui/table";
import { exportFormats, formats, type ExportFormat } from "@/lib/export/formats";
import type { ExportJobView } from "@/lib/export/job-view";

// Export jobs (docs/decisions/0019): a form that queues one, and the list of jobs with a
// progress bar while they run and download links once done. Everything comes from
// /api/exports, so a reload shows the same jobs and links.

type Jsonified<T> = { [K in keyof T]: T[K] extends Date ? string : T[K] extends Date | null ? string | null : T[K] };
export type ExportJobJson = Jsonified<ExportJobView>;
export interface ExportChoice {
  value: string; // "snapshot:3" | "mixture:2"
  label: string;
}

const live = (j: ExportJobJson) => j.status === "queued" || j.status === "running";

export function ExportJobs({ choices, initial }: { choices: ExportChoice[]; initial: ExportJobJson[] }) {
  const qc = useQueryClient();
  const { data } = useQuery({
    queryKey: ["exports"],
    queryFn: () => api<{ jobs: ExportJobJson[] }>("/api/exports?limit=50"),
    initialData: { jobs: initial },
    refetchInterval: (q) => (q.state.data?.jobs.some(live) ? 1000 : false),
  });
  const [target, setTarget] = useState(choices[0]?.value ?? "");
  const [format, setFormat] = useState<ExportFormat>("messages");
  const [parquet, setParquet] = useState(false);
  const [hf, setHf] = useState(false);
  const [seed, setSeed] = useState("");
  const isMixture = target.startsWith("mixture:");
  const tabular = formats[format].parquet;
  const create = useMutation({
    mutationFn: () => {
      const [kind, id] = target.split(":");
      return api<ExportJobJson>("/api/exports", {
        method: "POST",
        json: {
          [kind === "mixture" ? "mixtureId" : "snapshotId"]: Number(id),
          format,
          ...(tabular && parquet ? { parquet: true } : {}),
          ...(tabular && hf ? { hf: true } : {}),
          ...(isMixture && seed.trim() !== "" ? { shuffleSeed: Number(seed) } : {}),
        },
      });
    },
    onSuccess: () => qc.invalidateQueries({ queryKey: ["exports"] }),
  });

  return (
    <div className="space-y-4">
      <Card>
        <CardHeader title="New export" description="JSONL and a manifest (counts, bands, models, runs, reviewers, sha256 of every file); Parquet and a Hugging Face folder for messages and rl." />
        {choices.length === 0 ? (
          <p className="p-4 text-sm text-zinc-600" data-testid="nothing-to-export">
            Nothing to export yet: exports are made from frozen sets. Once reviewers have accepted items, freeze a snapshot
            on the domain&apos;s page (<Link href="/domains" className="text-accent-700 underline-offset-2 hover:underline">Domains</Link>),
            then export it here or combine snapshots into a mixture.
          </p>
        ) : (
          <form
            className="grid gap-3 p-4 sm:grid-cols-6"
            onSubmit={(e) => {
              e.preventDefault();
              create.mutate();
            }}
          >
            <div className="sm:col-span-2">
              <Field label="Snapshot or mixture">
                <Select value={target} onChange={(e) => setTarget(e.target.value)}>
                  {choices.map((c) => (
                    <option key={c.value} value={c.value}>{c.label}</option>
                  ))}
                </Select>
              </Field>
            </div>
            <Field label="Format">
              <Select value={format} onChange={(e) => setFormat(e.target.value as ExportFormat)}>
                {exportFormats.map((f) => (
                  <option key={f} value={f}>{f}</option>
                ))}
              </Select>
            </Field>
            <Field label="Shuffle seed" hint={isMixture ? "empty: the mixture's own" : "mixtures only"}>
              <Input inputMode="numeric" value={seed} disabled={!isMixture} onChange={(e) => setSeed(e.target.value)} />
            </Field>
            <fieldset className="flex flex-col justify-center gap-1 text-sm text-zinc-700">
              <label className="flex items-center gap-2">
                <input type="checkbox" checked={tabular && parquet} disabled={!tabular} onChange={(e) => setParquet(e.target.checked)} /> Parquet
              </label>
              <label className="flex items-center gap-2">
                <input type="checkbox" checked={tabular && hf} disabled={!tabular} onChange={(e) => setHf(e.target.checked)} /> Hugging Face folder
              </label>
            </fieldset>
            <div className="flex items-end">
              <Button type="submit" disabled={!target || create.isPending}>{create.isPending ? "Queuing…" : "Export"}</Button>
            </div>
            <div className="sm:col-span-6">
              <FormError message={create.error instanceof ApiError || create.error instanceof Error ? create.error.message : null} />
            </div>
          </form>
        )}
      </Card>
      <JobTable jobs={data.jobs} />
    </div>
  );
}

export function JobTable({ jobs }: { jobs: ExportJobJson[] }) {
  if (!jobs.length) return <p className="text-sm text-zinc-500">No export yet. Exports you start show here, with their progress and download links.</p>;
  return (
    <Table>
      <thead>
        <tr><Th>Export</Th><Th>Of</Th><Th>Format</Th><Th>Status</Th><Th>Progress</Th><Th>Files</Th><Th>Asked</Th></tr>
      </thead>
      <tbody className="divide-y divide-zinc-100">
        {jobs.map((j) => (
          <tr key={j.id} data-testid={`export-${j.id}`}>
            <Td className="font-medium tabular-nums">#{j.id}</Td>
            <Td>{j.snapshotId !== null ? `snapshot #${j.snapshotId}` : `mixture #${j.mixtureId}`}{j.shuffleSeed !== null && `, seed ${j.shuffleSeed}`}</Td>
            <Td>{j.format}{j.hf ? " + HF" : j.parquet ? " + Parquet" : ""}</Td>
            <Td><Badge tone={statusTone[j.status]}>{j.status}</Badge></Td>
            <Td className="min-w-40">
              {live(j) ? (
                <>
                  <Progress value={j.rowsTotal ? j.rowsDone / j.rowsTotal : null} label={`Export #${j.id} progress`} />
                  <span className="text-xs tabular-nums text-zinc-500">{n(j.rowsDone)} / {n(j.rowsTotal)} rows</span>
                </>
              ) : j.status === "failed" ? (
                <span className="text-xs text-red-600">{j.errorMessage}</span>
              ) : (
                <span className="text-xs tabular-nums text-zinc-500">{n(j.rowsTotal)} rows</span>
              )}
            </Td>
            <Td>
              {j.filesRemoved ? (
                <FilesRemoved job={j} />
              ) : (
                <ul className="space-y-0.5">
                  {j.files.map((f) => (
                    <li key={f.name}>
                      <a className="text-accent-700 underline" href={`/api/exports/${j.id}/files/${f.name}`} download title={`sha256 ${f.sha256}`}>
                        {f.name}
                      </a>{" "}
                      <span className="text-xs text-zinc-500">{bytes(f.bytes)}</span>
                    </li>
                  ))}
                </ul>
              )}
            </Td>
            <Td className="whitespace-nowrap text-zinc-500">{ago(j.createdAt)} by {j.createdBy}</Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}

/** A job whose folder the retention sweep deleted: say so, and queue the same export again. */
function FilesRemoved({ job }: { job: ExportJobJson }) {
  const qc = useQueryClient();
  const again = useMutation({
    mutationFn: () =>
      api<ExportJobJson>("/api/exports", {
        method: "POST",
        json: {
          ...(job.snapshotId !== null ? { snapshotId: job.snapshotId } : { mixtureId: job.mixtureId }),
          format: job.format,
          ...(job.parquet ? { parquet: true } : {}),
          ...(job.hf ? { hf: true } : {}),
          ...(job.shuffleSeed !== null ? { shuffleSeed: job.shuffleSeed } : {}),
        },
      }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ["exports"] }),
  });
  return (
    <div className="space-y-1 text-xs text-zinc-600">
      <p>Files removed after {job.filesRemoved!.afterDays} days — export again.</p>
      <Button type="button" onClick={() => again.mutate()} disabled={again.isPending || again.isSuccess} aria-label={`Export #${job.id} again`}>
        {again.isSuccess ? "Queued" : again.isPending ? "Queuing…" : "Export again"}
      </Button>
      <FormError message={again.error instanceof Error ? again.error.message : null} />
    </div>
  );
}
