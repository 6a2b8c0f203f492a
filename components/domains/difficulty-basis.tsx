"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { api, ApiError } from "@/components/api";
import { Button } from "@/components/ui/button";
import { Field, FormError, Select } from "@/components/ui/form";
import { n } from "@/components/format";
import type { DifficultyBasis } from "@/lib/scoring/difficulty";

export interface TargetModelChoice {
  endpointId: number;
  name: string;
  model: string;
  simulated: boolean;
  candidates: number;
}

/** The select's value: "primary" | "min" | "mean" | "endpoint:<id>". */
const valueOf = (b: DifficultyBasis) => (b.basis === "endpoint" ? `endpoint:${b.endpointId}` : b.basis);
const basisOf = (v: string) => (v.startsWith("endpoint:") ? { basis: "endpoint", endpointId: Number(v.slice(9)) } : { basis: v });

/**
 * Which target model's pass rate defines the domain's band (issue 15): the run's primary
 * target, one model, or the minimum / mean across a run's targets. Leads change it
 * (PUT /api/domains/:slug/difficulty); saving re-triages from stored pass rates at once.
 */
export function DifficultyBasisControl({ slug, initial, models, canEdit }: { slug: string; initial: DifficultyBasis; models: TargetModelChoice[]; canEdit: boolean }) {
  const router = useRouter();
  const [value, setValue] = useState(valueOf(initial));
  const [changed, setChanged] = useState<number | null>(null);
  const save = useMutation({
    mutationFn: () => api<{ changed: number }>(`/api/domains/${slug}/difficulty`, { method: "PUT", json: basisOf(value) }),
    onSuccess: (r) => {
      setChanged(r.changed);
      router.refresh();
    },
  });
  const err = save.error instanceof ApiError ? save.error : null;
  const chosenMissing = initial.basis === "endpoint" && !models.some((m) => m.endpointId === initial.endpointId);
  return (
    <form
      className="space-y-3"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <FormError message={err && err.issues.length === 0 ? err.message : save.error && !err ? save.error.message : null} />
      <Field
        label="Band defined by"
        hint="When a run samples several target models, each candidate gets a pass rate per model; this picks the one its band follows. Changing it re-triages from stored pass rates, without sampling."
        error={err?.field("endpointId") ?? err?.field("basis")}
      >
        <Select value={value} onChange={(e) => { setValue(e.target.value); setChanged(null); }} disabled={!canEdit || save.isPending}>
          <option value="primary">The run&apos;s primary target</option>
          <option value="min">Lowest pass rate across the run&apos;s targets</option>
          <option value="mean">Mean across the run&apos;s targets</option>
          {models.map((m) => (
            <option key={m.endpointId} value={`endpoint:${m.endpointId}`}>
              {m.name} ({m.model}{m.simulated ? ", simulated" : ""}) — {n(m.candidates)} candidates
            </option>
          ))}
          {chosenMissing && initial.basis === "endpoint" && <option value={`endpoint:${initial.endpointId}`}>endpoint #{initial.endpointId} (no pass rates yet)</option>}
        </Select>
      </Field>
      {models.length < 2 && (
        <p className="text-sm text-zinc-500">
          {models.length === 0 ? "Nothing scored yet." : "Every score so far comes from one model, so every choice gives the same bands."} Start a run with
          several target endpoints (New run → Target endpoints) to compare models.
        </p>
      )}
      {canEdit && (
        <div className="flex items-center gap-3">
          <Button type="submit" disabled={save.isPending || value === valueOf(initial)}>{save.isPending ? "Re-triaging…" : "Save and re-triage"}</Button>
          {changed !== null && <span role="status" className="text-sm text-zinc-600">{n(changed)} scores changed.</span>}
        </div>
      )}
    </form>
  );
}
