"use client";
import Link from "next/link";
import { Button } from "@/components/ui/button";
import { Input, Select } from "@/components/ui/form";

export interface FilterValues {
  q: string;
  domain: string;
  stage: string;
  source: string;
  batch: string;
}

/**
 * A plain GET form, so the filters live in the URL (shareable, back button works). Menus
 * apply on change; text fields on Enter or the button.
 */
export function FilterBar({ values, domains, stages, sources }: { values: FilterValues; domains: string[]; stages: readonly string[]; sources: string[] }) {
  const submit = (e: React.ChangeEvent<HTMLSelectElement>) => e.currentTarget.form?.requestSubmit();
  const filtered = Object.values(values).some(Boolean);
  return (
    <form className="mb-4 flex flex-wrap items-center gap-2" action="/candidates" role="search">
      <Input type="search" name="q" defaultValue={values.q} placeholder="Search prompts: words or &quot;a phrase&quot;" className="w-72" aria-label="Search prompt text" />
      <Select name="domain" defaultValue={values.domain} aria-label="Domain" className="w-40" onChange={submit}>
        <option value="">All domains</option>
        {domains.map((d) => <option key={d} value={d}>{d}</option>)}
      </Select>
      <Select name="stage" defaultValue={values.stage} aria-label="Stage" className="w-36" onChange={submit}>
        <option value="">All stages</option>
        {stages.map((s) => <option key={s} value={s}>{s.replace("_", " ")}</option>)}
      </Select>
      <Input name="source" defaultValue={values.source} placeholder="Source" className="w-36" aria-label="Source" list="candidate-sources" />
      <datalist id="candidate-sources">
        {sources.map((s) => <option key={s} value={s} />)}
      </datalist>
      <Input name="batch" defaultValue={values.batch} placeholder="Import #" className="w-24" aria-label="Import batch" inputMode="numeric" pattern="[0-9]*" />
      <Button type="submit" variant="secondary">Filter</Button>
      {filtered && <Link href="/candidates" className="px-2 py-1.5 text-sm text-zinc-600 hover:text-zinc-900 hover:underline">Clear</Link>}
    </form>
  );
}
