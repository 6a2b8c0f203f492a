"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { api, ApiError } from "@/components/api";
import { Button, ButtonLink } from "@/components/ui/button";
import { Field, FormError, Input, Select, Textarea } from "@/components/ui/form";
import { MAX_GUIDELINES } from "@/lib/domains/schema";

export interface ReviewSettingsValues {
  reviewersPerItem: number;
  consensus: "unanimous" | "majority";
  reviewOrder: "informative" | "oldest" | "random";
  /** Share of claims that slip in a gold item, 0–0.5. */
  goldRate: number;
  rejectReasons: string[];
  /** Shown to reviewers on the review screen (g); "" = none. */
  reviewGuidelines: string;
}

export interface ReviewerOption {
  id: string;
  name: string;
  email: string;
}

const MAX_REASONS = 9; // keys 1–9 on the review screen

const orderLabels: Record<ReviewSettingsValues["reviewOrder"], string> = {
  informative: "Most informative first",
  oldest: "Oldest first",
  random: "Random (stable per reviewer)",
};

/**
 * A domain's review settings: who reviews it, how many reviewers per item and how their
 * decisions become final, the queue's order, the gold rate and the reject reasons. Leads edit
 * (PATCH /api/domains/:slug, PUT /api/domains/:slug/reviewers); reviewers read them.
 */
export function ReviewSettings({
  slug,
  initial,
  reviewers,
  assigned,
  canEdit,
}: {
  slug: string;
  initial: ReviewSettingsValues;
  /** Active users with the reviewer role (leads only: reviewers do not get the list). */
  reviewers: ReviewerOption[];
  assigned: string[];
  canEdit: boolean;
}) {
  const router = useRouter();
  const [v, setV] = useState(initial);
  const [who, setWho] = useState(new Set(assigned));
  const [saved, setSaved] = useState(false);
  const save = useMutation({
    mutationFn: async () => {
      await api(`/api/domains/${slug}`, { method: "PATCH", json: { ...v, rejectReasons: v.rejectReasons.map((r) => r.trim()), reviewGuidelines: v.reviewGuidelines || null } });
      await api(`/api/domains/${slug}/reviewers`, { method: "PUT", json: { userIds: [...who] } });
    },
    onSuccess: () => {
      setSaved(true);
      router.refresh();
    },
  });
  const err = save.error instanceof ApiError ? save.error : null;
  const change = (next: Partial<ReviewSettingsValues>) => {
    setSaved(false);
    setV({ ...v, ...next });
  };
  const toggle = (id: string) => {
    setSaved(false);
    const next = new Set(who);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setWho(next);
  };
  const setReason = (i: number, text: string) => change({ rejectReasons: v.rejectReasons.map((r, j) => (j === i ? text : r)) });
  const reasonsError = err?.issues.find((i) => i.path.startsWith("rejectReasons"))?.message;

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
      className="space-y-5"
      aria-label="Review settings"
    >
      <div className="flex flex-wrap gap-2">
        <ButtonLink variant="secondary" href={`/review/${slug}`}>Open review queue</ButtonLink>
        {canEdit && <ButtonLink variant="secondary" href={`/review/${slug}/adjudicate`}>Adjudication</ButtonLink>}
      </div>
      <FormError message={err && err.issues.length === 0 ? err.message : null} />
      <fieldset disabled={!canEdit || save.isPending} className="grid gap-6 lg:grid-cols-2">
        <div className="space-y-5">
        {canEdit && (
          <div>
            <div className="mb-1 text-xs font-medium text-zinc-700" id={`${slug}-reviewers`}>Assigned reviewers</div>
            {reviewers.length === 0 ? (
              <p className="text-sm text-zinc-500">No active users with the reviewer role. An admin adds them under Users.</p>
            ) : (
              <ul aria-labelledby={`${slug}-reviewers`} className="max-h-56 space-y-0.5 overflow-y-auto">
                {reviewers.map((r) => (
                  <li key={r.id}>
                    <label className="flex items-center gap-2 rounded-md px-1 py-0.5 text-sm hover:bg-zinc-50">
                      <input type="checkbox" checked={who.has(r.id)} onChange={() => toggle(r.id)} className="h-4 w-4 accent-accent-600" />
                      <span className="shrink-0">{r.name}</span>
                      <span className="min-w-0 truncate text-xs text-zinc-500">{r.email}</span>
                    </label>
                  </li>
                ))}
              </ul>
            )}
            <span className="mt-1 block text-xs text-zinc-500">Leads and admins review every domain; reviewers only the ones they are assigned to.</span>
          </div>
        )}
        <div className="grid gap-4 sm:grid-cols-2">
          <Field label="Reviewers per item" error={err?.field("reviewersPerItem")} hint="Independent decisions each item collects.">
            <Input type="number" min={1} max={5} value={v.reviewersPerItem} onChange={(e) => change({ reviewersPerItem: Number(e.target.value) })} />
          </Field>
          <Field label="Consensus rule" error={err?.field("consensus")} hint="With more than one reviewer: when an item is final. Disagreements go to adjudication.">
            <Select value={v.consensus} onChange={(e) => change({ consensus: e.target.value as ReviewSettingsValues["consensus"] })}>
              <option value="majority">Majority</option>
              <option value="unanimous">Unanimous</option>
            </Select>
          </Field>
          <Field label="Queue order" error={err?.field("reviewOrder")} hint={v.reviewOrder === "informative" ? "Pass rate nearest the band's centre, then judge score." : undefined}>
            <Select value={v.reviewOrder} onChange={(e) => change({ reviewOrder: e.target.value as ReviewSettingsValues["reviewOrder"] })}>
              {Object.entries(orderLabels).map(([k, label]) => <option key={k} value={k}>{label}</option>)}
            </Select>
          </Field>
          {/* Gold items are slipped in unknown to reviewers: their rate is for leads' eyes only. */}
          {canEdit && (
            <Field label="Gold rate (%)" error={err?.field("goldRate")} hint="Share of items that are gold (known answer), unknown to the reviewer. 0–50%.">
              <Input type="number" min={0} max={50} step={1} value={Math.round(v.goldRate * 1000) / 10} onChange={(e) => change({ goldRate: Number(e.target.value) / 100 })} />
            </Field>
          )}
        </div>
        </div>
        <div>
          <div className="mb-1 text-xs font-medium text-zinc-700" id={`${slug}-reasons`}>Reject reasons</div>
          <ol aria-labelledby={`${slug}-reasons`} className="space-y-1.5">
            {v.rejectReasons.map((r, i) => (
              <li key={i} className="flex items-center gap-2">
                <kbd className="w-6 rounded border border-zinc-200 bg-zinc-50 text-center font-mono text-xs text-zinc-600" title={`Key ${i + 1} on the review screen`}>{i + 1}</kbd>
                <Input value={r} onChange={(e) => setReason(i, e.target.value)} aria-label={`Reject reason ${i + 1}`} maxLength={60} required className="w-full max-w-sm" />
                {canEdit && (
                  <button type="button" onClick={() => change({ rejectReasons: v.rejectReasons.filter((_, j) => j !== i) })} disabled={v.rejectReasons.length <= 1}
                    className="rounded px-1.5 text-zinc-500 hover:bg-zinc-100 hover:text-zinc-900 disabled:opacity-40" aria-label={`Remove reject reason ${i + 1}`}>×</button>
                )}
              </li>
            ))}
          </ol>
          {canEdit && (
            <Button type="button" variant="secondary" className="mt-2" disabled={v.rejectReasons.length >= MAX_REASONS} onClick={() => change({ rejectReasons: [...v.rejectReasons, ""] })}>
              Add reason
            </Button>
          )}
          <span className={`mt-1 block text-xs ${reasonsError ? "text-red-600" : "text-zinc-500"}`}>
            {reasonsError ?? `Keys 1–${MAX_REASONS} pick them on the review screen: at most ${MAX_REASONS}, each different.`}
          </span>
        </div>
        <div className="lg:col-span-2">
          <Field
            label="Review guidelines"
            error={err?.field("reviewGuidelines")}
            hint={`What reviewers should accept and reject here, in plain text. They open it with g on the review screen, marked "updated" after each change. Up to ${MAX_GUIDELINES.toLocaleString("en")} characters.`}
          >
            <Textarea
              value={v.reviewGuidelines}
              onChange={(e) => change({ reviewGuidelines: e.target.value })}
              maxLength={MAX_GUIDELINES}
              rows={8}
              placeholder={canEdit ? "e.g. Accept when the reference is right and the prompt has one answer. Reject as ambiguous when …" : "No guidelines yet."}
              className="font-sans leading-relaxed"
            />
          </Field>
        </div>
      </fieldset>
      {canEdit && (
        <div className="flex items-center gap-3">
          <Button type="submit" disabled={save.isPending}>{save.isPending ? "Saving…" : "Save review settings"}</Button>
          {saved && <span className="text-sm text-emerald-700">Saved.</span>}
        </div>
      )}
    </form>
  );
}
