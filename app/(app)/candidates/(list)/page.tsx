import Link from "next/link";
import { requireUser } from "@/lib/auth/page";
import { atLeast } from "@/lib/auth/roles";
import { candidateFilterSchema, listCandidates, listSources, stages } from "@/lib/candidates/queries";
import { listDomains } from "@/lib/domains";
import { StageBadge } from "@/components/ui/badge";
import { ButtonLink } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Input, Select } from "@/components/ui/form";
import { Table, Td, Th } from "@/components/ui/table";
import { ago } from "@/components/format";

export const metadata = { title: "Candidates" };

type Search = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? "";

export default async function CandidatesPage({ searchParams }: { searchParams: Promise<Search> }) {
  const user = await requireUser();
  const sp = await searchParams;
  const raw = { domain: one(sp.domain), stage: one(sp.stage), source: one(sp.source), batch: one(sp.batch), q: one(sp.q), cursor: one(sp.cursor) };
  const parsed = candidateFilterSchema.safeParse(raw);
  const filter = parsed.success ? parsed.data : candidateFilterSchema.parse({});
  const [page, domains, sources] = await Promise.all([listCandidates(filter), listDomains(), listSources()]);
  const filtered = Boolean(raw.domain || raw.stage || raw.source || raw.batch || raw.q);
  const qs = (extra: Record<string, string>) => {
    const p = new URLSearchParams(Object.entries({ ...raw, cursor: "", ...extra }).filter(([, v]) => v) as [string, string][]);
    return `/candidates?${p}`;
  };

  return (
    <>
      <PageHeader title="Candidates" description="Every imported prompt, newest first. Filters combine; the URL keeps them, so a view can be shared." />
      <form className="mb-4 flex flex-wrap items-end gap-2" action="/candidates">
        <Input name="q" defaultValue={raw.q} placeholder="Search prompt text…" className="w-64" aria-label="Search" />
        <Select name="domain" defaultValue={raw.domain} aria-label="Domain" className="w-40">
          <option value="">All domains</option>
          {domains.map((d) => <option key={d.slug} value={d.slug}>{d.name}</option>)}
        </Select>
        <Select name="stage" defaultValue={raw.stage} aria-label="Stage" className="w-36">
          <option value="">All stages</option>
          {stages.map((s) => <option key={s} value={s}>{s.replace("_", " ")}</option>)}
        </Select>
        <Select name="source" defaultValue={raw.source} aria-label="Source" className="w-36">
          <option value="">All sources</option>
          {sources.map((s) => <option key={s} value={s}>{s}</option>)}
        </Select>
        <Input name="batch" defaultValue={raw.batch} placeholder="Import #" className="w-24" aria-label="Import batch" inputMode="numeric" />
        <button className="rounded-md bg-zinc-900 px-3 py-1.5 text-sm font-medium text-white hover:bg-zinc-700">Filter</button>
        {filtered && <Link href="/candidates" className="px-2 py-1.5 text-sm text-zinc-600 hover:underline">Clear</Link>}
      </form>

      {page.items.length === 0 ? (
        filtered ? (
          <EmptyState title="Nothing matches these filters" action={<ButtonLink variant="secondary" href="/candidates">Clear filters</ButtonLink>} />
        ) : (
          <EmptyState title="No candidates yet" action={atLeast(user.role, "lead") && <ButtonLink href="/imports">Import a JSONL file</ButtonLink>}>
            Import a pool in the browser, or from a terminal: <code className="rounded bg-zinc-100 px-1">npx edgewise import pool.jsonl --domain math</code>
          </EmptyState>
        )
      ) : (
        <>
          <Table>
            <thead>
              <tr><Th className="w-16">#</Th><Th>Prompt</Th><Th className="w-24">Domain</Th><Th className="w-28">Stage</Th><Th className="w-28">Source</Th><Th className="w-28">Added</Th></tr>
            </thead>
            <tbody className="divide-y divide-zinc-100">
              {page.items.map((c) => (
                <tr key={c.id} className="hover:bg-zinc-50">
                  <Td className="tabular-nums text-zinc-500">{c.id}</Td>
                  <Td>
                    <Link href={`/candidates/${c.id}`} className="line-clamp-2 text-zinc-900 hover:text-accent-700">{c.preview}</Link>
                  </Td>
                  <Td>{c.domain}</Td>
                  <Td><StageBadge stage={c.stage} /></Td>
                  <Td className="truncate">{c.source ?? "—"}</Td>
                  <Td className="text-xs text-zinc-500">{ago(c.createdAt)}</Td>
                </tr>
              ))}
            </tbody>
          </Table>
          <div className="mt-3 flex items-center justify-between text-sm">
            <span className="text-zinc-500">{page.items.length} shown{raw.cursor ? ` · older than #${raw.cursor}` : ""}</span>
            <div className="flex gap-2">
              {raw.cursor && <ButtonLink variant="secondary" href={qs({})}>Newest</ButtonLink>}
              {page.nextCursor && <ButtonLink variant="secondary" href={qs({ cursor: String(page.nextCursor) })}>Older →</ButtonLink>}
            </div>
          </div>
        </>
      )}
    </>
  );
}
