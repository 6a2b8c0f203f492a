"use client";
import Link from "next/link";
import { Button } from "@/components/ui/button";
import { Input, Select } from "@/components/ui/form";
import { bandLabel } from "@/components/scoring/band";

export interface FilterValues {
  q: string;
  domain: string;
  stage: string;
  band: string;
  source: string;
  batch: string;
  /** near_dup | contaminated | clean */
  flag: string;
  /** Set by a run page's or domain page's histogram link; kept as hidden fields, cleared by ×. */
  run: string;
  passes: string;
  k: string;
}

/**
 * A plain GET form, so the filters live in the URL (shareable, back button works). Menus
 * apply on change; text fields on Enter or the button. It sends only parameters the list
 * accepts (an unknown one is a 400 at GET /api/candidates).
 */
export function FilterBar({
  values,
  domains,
  stages,
  bands,
  sources,
}: {
  values: FilterValues;
  domains: string[];
  stages: readonly string[];
  bands: readonly string[];
  sources: string[];
}) {
  const submit = (e: React.ChangeEvent<HTMLSelectElement>) => e.currentTarget.form?.requestSubmit();
  const filtered = Object.values(values).some(Boolean);
  // The histogram's filters have no menu of their own: say what they are and offer to drop them.
  const without = (...keys: (keyof FilterValues)[]) => {
    const entries = Object.entries(values).filter(([k, v]) => v !== "" && !keys.includes(k as keyof FilterValues));
    return `/candidates${entries.length ? `?${new URLSearchParams(entries)}` : ""}`;
  };
  return (
    <form className="mb-4 flex flex-wrap items-center gap-2" action="/candidates" role="search">
      <Input type="search" name="q" defaultValue={values.q} placeholder="Search prompts" title="Every word, in any order; a &quot;phrase&quot; in quotes as written" className="min-w-40 flex-1" aria-label="Search prompt text" />
      <Select name="domain" defaultValue={values.domain} aria-label="Domain" className="w-36" onChange={submit}>
        <option value="">All domains</option>
        {domains.map((d) => <option key={d} value={d}>{d}</option>)}
      </Select>
      <Select name="stage" defaultValue={values.stage} aria-label="Stage" className="w-36" onChange={submit}>
        <option value="">All stages</option>
        {stages.map((s) => <option key={s} value={s}>{s.replace("_", " ")}</option>)}
      </Select>
      <Select name="band" defaultValue={values.band} aria-label="Band" className="w-36" onChange={submit}>
        <option value="">All bands</option>
        {bands.map((b) => <option key={b} value={b}>{bandLabel[b] ?? b}</option>)}
      </Select>
      <Select name="flag" defaultValue={values.flag} aria-label="Flags" className="w-40" onChange={submit}>
        <option value="">Any flags</option>
        <option value="near_dup">Near-duplicates</option>
        <option value="contaminated">Contaminated</option>
        <option value="clean">Clean (neither)</option>
      </Select>
      <Input name="source" defaultValue={values.source} placeholder="Source" className="w-28" aria-label="Source" list="candidate-sources" />
      <datalist id="candidate-sources">
        {sources.map((s) => <option key={s} value={s} />)}
      </datalist>
      <Input name="batch" defaultValue={values.batch} placeholder="Import #" className="w-24" aria-label="Import batch" inputMode="numeric" pattern="[0-9]*" />
      {(["run", "passes", "k"] as const).map((k) => values[k] && <input key={k} type="hidden" name={k} value={values[k]} />)}
      <Button type="submit" variant="secondary">Filter</Button>
      {filtered && <Link href="/candidates" className="px-2 py-1.5 text-sm text-zinc-600 hover:text-zinc-900 hover:underline">Clear</Link>}
      {(values.run || values.passes) && (
        <div className="flex w-full flex-wrap gap-2 text-xs">
          {values.run && <Chip label={`Scored by run #${values.run}`} clear={without("run")} />}
          {values.passes && values.k && <Chip label={`Pass rate ≈ ${values.passes}/${values.k} correct`} clear={without("passes", "k")} />}
        </div>
      )}
    </form>
  );
}

function Chip({ label, clear }: { label: string; clear: string }) {
  return (
    <span className="inline-flex items-center gap-1 rounded-full border border-zinc-200 bg-zinc-50 py-0.5 pl-2.5 pr-1 text-zinc-700">
      {label}
      <Link href={clear} className="rounded-full px-1.5 text-zinc-500 hover:bg-zinc-200 hover:text-zinc-900" aria-label={`Remove filter: ${label}`}>×</Link>
    </span>
  );
}
