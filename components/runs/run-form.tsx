"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { api, ApiError } from "@/components/api";
import { Button } from "@/components/ui/button";
import { Field, FormError, Input, Select } from "@/components/ui/form";
import { n } from "@/components/format";
import { reasoningDefaults, ReasoningFields } from "./reasoning-fields";
import { runInput, type RunFormValues } from "./run-input";
import { teachableHint } from "@/lib/scoring/stats";

export interface EndpointOption {
  id: number;
  name: string;
  model: string;
  roles: string[];
  simulated: boolean;
}

export interface RunFormProps {
  domains: { id: number; slug: string; name: string; total: number; bandLow: number; bandHigh: number }[];
  endpoints: EndpointOption[];
  /** Imports; `domain` null for files whose lines named their own domains. */
  batches: { id: number; fileName: string; domain: string | null }[];
  sources: string[];
  stages: readonly string[];
  initialDomain?: string;
}

const label = (e: EndpointOption) => `${e.name} (${e.model})${e.simulated ? " — simulated" : ""}`;

type EndpointSelectProps = { value: string; onChange: (v: string) => void; options: EndpointOption[]; optional?: string } & Pick<
  React.SelectHTMLAttributes<HTMLSelectElement>,
  "id" | "aria-describedby" | "aria-invalid"
>;

/** Field hands its label's id and note to its child: pass them on to the <select>. */
function EndpointSelect({ value, onChange, options, optional, ...aria }: EndpointSelectProps) {
  return (
    <Select {...aria} value={value} onChange={(e) => onChange(e.target.value)} required={!optional}>
      {optional ? <option value="">{optional}</option> : options.length === 0 && <option value="">No endpoint has this role</option>}
      {options.map((e) => <option key={e.id} value={e.id}>{label(e)}</option>)}
    </Select>
  );
}

/** Start a scoring run. Field errors come from the API's zod issues. */
export function RunForm({ domains, endpoints, batches, sources, stages, initialDomain }: RunFormProps) {
  const router = useRouter();
  const withRole = (role: string) => endpoints.filter((e) => e.roles.includes(role));
  const targets = withRole("target");
  const start = domains.find((d) => d.slug === initialDomain) ?? domains[0];
  const [v, setV] = useState<RunFormValues>({
    domain: start?.slug ?? "",
    targetEndpointId: String(targets[0]?.id ?? ""),
    otherTargetIds: [],
    phase: "exploration",
    sampleSize: 200,
    k: 8,
    temperature: 1,
    maxTokens: 1024,
    mode: "live",
    teacherEndpointId: "",
    teacherK: 4,
    teacherAgreement: 0.5,
    judgeEndpointId: "",
    judgeRubric: "",
    stage: "",
    source: "",
    batchId: "",
    ...reasoningDefaults,
  });
  const set = <K extends keyof RunFormValues>(k: K) => (value: RunFormValues[K]) => setV((cur) => ({ ...cur, [k]: value }));
  const text = (k: keyof RunFormValues) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>) => set(k)(e.target.value as never);
  const num = (k: keyof RunFormValues) => (e: React.ChangeEvent<HTMLInputElement>) => set(k)(e.target.valueAsNumber as never);

  const create = useMutation({
    mutationFn: () => api<{ id: number }>("/api/runs", { method: "POST", json: runInput(v) }),
    onSuccess: (run) => router.push(`/runs/${run.id}`),
  });
  const err = create.error instanceof ApiError ? create.error : null;
  const domain = domains.find((d) => d.slug === v.domain);
  const domainBatches = batches.filter((b) => b.domain === null || b.domain === v.domain);

  return (
    <form
      className="space-y-6"
      onSubmit={(e) => {
        e.preventDefault();
        create.mutate();
      }}
    >
      <FormError message={err && err.issues.length === 0 ? err.message : create.error && !err ? create.error.message : null} />
      <fieldset disabled={create.isPending} className="space-y-6">
        <section className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
          <Field label="Domain" hint={domain ? `${n(domain.total)} candidates` : undefined} error={err?.field("domain")}>
            <Select value={v.domain} onChange={text("domain")} required>
              {domains.map((d) => <option key={d.id} value={d.slug}>{d.name} ({d.slug})</option>)}
            </Select>
          </Field>
          <div className="lg:col-span-2">
            <Field label="Target endpoint" hint="The model whose ability the pass rate measures." error={err?.field("targetEndpointId")}>
              <EndpointSelect value={v.targetEndpointId} onChange={set("targetEndpointId")} options={targets} />
            </Field>
          </div>
          {targets.length > 1 && (
            <fieldset className="sm:col-span-2 lg:col-span-3" aria-describedby="other-targets-hint">
              <legend className="mb-1 text-sm font-medium text-zinc-700">Also sample (optional)</legend>
              <p id="other-targets-hint" className="mb-2 text-xs text-zinc-500">
                Stronger or weaker models to compare with: each gets k samples and its own pass rate per candidate. The domain&apos;s difficulty basis picks which pass rate defines the band.
              </p>
              <div className="flex flex-wrap gap-x-4 gap-y-1">
                {targets.filter((e) => String(e.id) !== v.targetEndpointId).map((e) => (
                  <label key={e.id} className="flex items-center gap-1.5 text-sm text-zinc-700">
                    <input
                      type="checkbox"
                      checked={v.otherTargetIds.includes(String(e.id))}
                      onChange={(ev) => set("otherTargetIds")(ev.target.checked ? [...v.otherTargetIds, String(e.id)] : v.otherTargetIds.filter((x) => x !== String(e.id)))}
                    />
                    {label(e)}
                  </label>
                ))}
              </div>
              {err?.field("targetEndpointIds") && <p className="mt-1 text-xs text-red-600" role="alert">{err.field("targetEndpointIds")}</p>}
            </fieldset>
          )}
          <Field label="Mode" hint="Batch: download OpenAI Batch requests, upload the output.">
            <Select value={v.mode} onChange={text("mode")}>
              <option value="live">Live — call the endpoint now</option>
              <option value="batch">Batch — offline files</option>
            </Select>
          </Field>
          <Field label="Phase" hint="Exploration projects yield and cost from a random sample first.">
            <Select value={v.phase} onChange={text("phase")}>
              <option value="exploration">Exploration — random sample</option>
              <option value="scaling">Scaling — everything not yet scored</option>
            </Select>
          </Field>
          {v.phase === "exploration" && (
            <Field
              label="Sample size (N)"
              hint={!domain ? "Drawn at random." : v.sampleSize > domain.total ? `Only ${n(domain.total)} candidates in this domain: the run takes them all.` : `Drawn at random from ${n(domain.total)} candidates.`}
              error={err?.field("sampleSize")}
            >
              <Input type="number" min={1} step={1} value={v.sampleSize} onChange={num("sampleSize")} required />
            </Field>
          )}
        </section>

        <section>
          <h3 className="mb-2 text-xs font-semibold uppercase tracking-wide text-zinc-500">Sampling</h3>
          <div className="grid gap-4 sm:grid-cols-3">
            <Field label="Samples per candidate (k)" hint={domain ? teachableHint(v.k, domain.bandLow, domain.bandHigh) : undefined} error={err?.field("k")}>
              <Input type="number" min={1} max={64} step={1} value={v.k} onChange={num("k")} required />
            </Field>
            <Field label="Temperature" error={err?.field("temperature")}>
              <Input type="number" min={0} max={2} step={0.05} value={v.temperature} onChange={num("temperature")} required />
            </Field>
            <Field label="Max tokens per answer" error={err?.field("maxTokens")}>
              <Input type="number" min={16} step={1} value={v.maxTokens} onChange={num("maxTokens")} required />
            </Field>
            <ReasoningFields v={v} onChange={(r) => setV((cur) => ({ ...cur, ...r }))} />
          </div>
        </section>

        <details className="rounded-md border border-zinc-200 px-3 py-2 text-sm">
          <summary className="cursor-pointer text-zinc-700">Teacher for candidates without a reference (optional)</summary>
          <div className="mt-3 grid gap-4 sm:grid-cols-3">
            <Field label="Teacher endpoint" hint="Its plurality answer becomes the proxy reference.">
              <EndpointSelect value={v.teacherEndpointId} onChange={set("teacherEndpointId")} options={withRole("teacher")} optional="No teacher" />
            </Field>
            <Field label="Teacher samples (k_t)" error={err?.field("teacherK")}>
              <Input type="number" min={1} max={32} step={1} value={v.teacherK} onChange={num("teacherK")} disabled={!v.teacherEndpointId} />
            </Field>
            <Field label="Agreement share needed" hint="Below it the candidate is unverifiable." error={err?.field("teacherAgreement")}>
              <Input type="number" min={0} max={1} step={0.05} value={v.teacherAgreement} onChange={num("teacherAgreement")} disabled={!v.teacherEndpointId} />
            </Field>
          </div>
        </details>

        <details className="rounded-md border border-zinc-200 px-3 py-2 text-sm">
          <summary className="cursor-pointer text-zinc-700">Judge rubric, a second signal (optional)</summary>
          <div className="mt-3 grid gap-4 sm:grid-cols-3">
            <Field label="Judge endpoint">
              <EndpointSelect value={v.judgeEndpointId} onChange={set("judgeEndpointId")} options={withRole("judge")} optional="No judge" />
            </Field>
            <div className="sm:col-span-2">
              <Field label="Rubric" hint="Scored 1–10; empty uses the built-in reasoning-steps rubric." error={err?.field("judgeRubric")}>
                <textarea
                  rows={3}
                  value={v.judgeRubric}
                  onChange={text("judgeRubric")}
                  disabled={!v.judgeEndpointId}
                  placeholder="Rate how many reasoning steps the prompt needs, 1 (one step) to 10 (long multi-step proof)."
                  className="block rounded-md border border-zinc-300 px-2.5 py-1.5 text-sm shadow-sm focus:border-accent-500 focus:outline-none focus:ring-1 focus:ring-accent-500 disabled:bg-zinc-50"
                />
              </Field>
            </div>
          </div>
        </details>

        <details className="rounded-md border border-zinc-200 px-3 py-2 text-sm">
          <summary className="cursor-pointer text-zinc-700">Which candidates (optional filters)</summary>
          <div className="mt-3 grid gap-4 sm:grid-cols-3">
            <Field label="Stage">
              <Select value={v.stage} onChange={text("stage")}>
                <option value="">Any stage</option>
                {stages.map((s) => <option key={s} value={s}>{s.replace("_", " ")}</option>)}
              </Select>
            </Field>
            <Field label="Source" hint="Exact source name.">
              <Input value={v.source} onChange={text("source")} list="run-sources" placeholder="any" />
            </Field>
            <Field label="Import batch">
              <Select value={v.batchId} onChange={text("batchId")}>
                <option value="">Any import</option>
                {domainBatches.map((b) => <option key={b.id} value={b.id}>#{b.id} {b.fileName}</option>)}
              </Select>
            </Field>
          </div>
          <datalist id="run-sources">{sources.map((s) => <option key={s} value={s} />)}</datalist>
        </details>
      </fieldset>
      <div className="flex items-center gap-3">
        <Button type="submit" disabled={create.isPending || !v.targetEndpointId || !v.domain}>{create.isPending ? "Starting…" : "Start run"}</Button>
        {targets.length === 0 && <span className="text-sm text-zinc-600">No endpoint has the target role yet: an admin registers one under Model endpoints.</span>}
      </div>
    </form>
  );
}
