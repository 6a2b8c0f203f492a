"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { answerKinds } from "@/lib/domains/schema";
import { api, ApiError } from "@/components/api";
import { Button } from "@/components/ui/button";
import { Field, FormError, Input, Select } from "@/components/ui/form";
import { teachableHint } from "@/lib/scoring/stats";

export interface DomainValues {
  slug: string;
  name: string;
  answerKind: string;
  bandLow: number;
  bandHigh: number;
  quota: number;
  reviewersPerItem: number;
}

const blank: DomainValues = { slug: "", name: "", answerKind: "math", bandLow: 0.1, bandHigh: 0.9, quota: 0, reviewersPerItem: 1 };

/** Create (no `initial`) or edit a domain. Field errors come from the API's zod issues. */
export function DomainForm({ initial, readOnly }: { initial?: DomainValues; readOnly?: boolean }) {
  const router = useRouter();
  const [v, setV] = useState<DomainValues>(initial ?? blank);
  const [saved, setSaved] = useState(false);
  // The band can also be saved from the histogram's preview: follow it (else saving this form
  // would put the old edges back), without remounting — that would drop this form's "Saved.".
  const bandKey = initial ? `${initial.bandLow}:${initial.bandHigh}` : "";
  const [seenBand, setSeenBand] = useState(bandKey);
  if (initial && bandKey !== seenBand) {
    setSeenBand(bandKey);
    setV((x) => ({ ...x, bandLow: initial.bandLow, bandHigh: initial.bandHigh }));
  }
  const save = useMutation({
    mutationFn: ({ reviewersPerItem, ...edits }: DomainValues) =>
      initial
        ? // Reviewers per item is edited with the other review settings (review-settings.tsx): not sent from here, so this form never undoes a change made there.
          api<DomainValues>(`/api/domains/${initial.slug}`, { method: "PATCH", json: edits })
        : api<DomainValues>("/api/domains", { method: "POST", json: { ...edits, reviewersPerItem } }),
    onSuccess: (d) => {
      setSaved(true);
      router.push(`/domains/${d.slug}`);
      router.refresh();
    },
  });
  const err = save.error instanceof ApiError ? save.error : null;
  const set = (k: keyof DomainValues, num = false) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) => {
    setSaved(false);
    setV({ ...v, [k]: num ? Number(e.target.value) : e.target.value });
  };

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate(v);
      }}
      className="space-y-4"
    >
      <FormError message={err && err.issues.length === 0 ? err.message : null} />
      <fieldset disabled={readOnly || save.isPending} className="grid gap-4 sm:grid-cols-2">
        <Field label="Name" error={err?.field("name")}>
          <Input value={v.name} onChange={set("name")} required placeholder="Competition math" />
        </Field>
        <Field label="Slug" error={err?.field("slug")} hint="Used in URLs and the CLI (--domain).">
          <Input value={v.slug} onChange={set("slug")} required placeholder="math" pattern="[a-z0-9\-]+" />
        </Field>
        <Field label="Answer kind" hint="How sampled answers are verified against the reference.">
          <Select value={v.answerKind} onChange={set("answerKind")}>
            {answerKinds.map((k) => <option key={k} value={k}>{k}</option>)}
          </Select>
        </Field>
        {!initial && (
          <Field label="Reviewers per item" error={err?.field("reviewersPerItem")}>
            <Input type="number" min={1} max={5} value={v.reviewersPerItem} onChange={set("reviewersPerItem", true)} />
          </Field>
        )}
        <Field label="Teachable band: low (exclusive)" error={err?.field("bandLow")} hint="Keep prompts whose pass rate is above this…">
          <Input type="number" step="0.01" min={0} max={1} value={v.bandLow} onChange={set("bandLow", true)} />
        </Field>
        <Field label="Teachable band: high (exclusive)" error={err?.field("bandHigh")} hint={`…and below this. ${teachableHint(8, v.bandLow, v.bandHigh)}`}>
          <Input type="number" step="0.01" min={0} max={1} value={v.bandHigh} onChange={set("bandHigh", true)} />
        </Field>
        <Field label="Quota (accepted items wanted)" error={err?.field("quota")} hint="0 = no target yet.">
          <Input type="number" min={0} value={v.quota} onChange={set("quota", true)} />
        </Field>
      </fieldset>
      {!readOnly && (
        <div className="flex items-center gap-3">
          <Button type="submit" disabled={save.isPending}>{save.isPending ? "Saving…" : initial ? "Save changes" : "Create domain"}</Button>
          {saved && <span className="text-sm text-emerald-700">Saved.</span>}
        </div>
      )}
    </form>
  );
}
