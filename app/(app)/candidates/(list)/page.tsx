import Link from "next/link";
import { forbidden } from "next/navigation";
import { pageDomainIds, requireUser } from "@/lib/auth/page";
import { atLeast } from "@/lib/auth/roles";
import { bandFilters, candidateFilterSchema, listCandidates, listSources, stages } from "@/lib/candidates/queries";
import { domainIdsBySlug } from "@/lib/domains";
import { AppError } from "@/lib/errors";
import { FilterBar, type FilterValues } from "@/components/candidates/filter-bar";
import { BandBadge } from "@/components/scoring/band";
import { Badge, StageBadge } from "@/components/ui/badge";
import { ButtonLink } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { FormError } from "@/components/ui/form";
import { Table, Td, Th } from "@/components/ui/table";
import { ago } from "@/components/format";

export const metadata = { title: "Candidates" };

type Search = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? "";

export default async function CandidatesPage({ searchParams }: { searchParams: Promise<Search> }) {
  const user = await requireUser();
  const sp = await searchParams;
  const values: FilterValues = {
    q: one(sp.q), domain: one(sp.domain), stage: one(sp.stage), band: one(sp.band), source: one(sp.source), batch: one(sp.batch), flag: one(sp.flag),
    run: one(sp.run), passes: one(sp.passes), k: one(sp.k),
  };
  // Only the known keys are read from the URL (a stray `?utm=…` is ignored by the page, which
  // then builds its own links from `values`: they never carry a key the API would refuse).
  const parsed = candidateFilterSchema.safeParse({ ...values, cursor: one(sp.cursor), after: one(sp.after) });
  // A hand-edited URL with a bad value shows every candidate plus a note, not an error page.
  const filter = parsed.success ? parsed.data : candidateFilterSchema.parse({});
  // Slugs only for the menu: the per-stage counts of listDomains() cost a full index scan.
  // A text search stopped for taking too long (search-lane.ts) says why on this page.
  // Reviewers: their domains only (another domain in the URL is the 403 page).
  const readable = await pageDomainIds();
  const [result, domainIds, sources] = await Promise.all([
    listCandidates(filter, { domainIds: readable }).catch((err: unknown) => (err instanceof AppError ? err : Promise.reject(err))),
    domainIdsBySlug(),
    listSources(),
  ]);
  if (result instanceof AppError && result.code === "forbidden") forbidden();
  const domainMenu = [...domainIds].filter(([, id]) => !readable || readable.includes(id)).map(([slug]) => slug).sort();
  const searchError = result instanceof AppError ? result.message : null;
  const page = result instanceof AppError ? { items: [], nextCursor: null, prevCursor: null } : result;
  const filtered = Object.values(values).some(Boolean);
  const paged = Boolean(filter.cursor || filter.after);
  const href = (cursor: Record<string, number>) => {
    const entries = Object.entries({ ...values, ...cursor }).filter(([, v]) => v !== "");
    return `/candidates?${new URLSearchParams(entries.map(([k, v]) => [k, String(v)]))}`;
  };
  // This very page, so a candidate's page can lead back to it with its filters and position.
  const here = href(filter.cursor ? { cursor: filter.cursor } : filter.after ? { after: filter.after } : {});

  return (
    <>
      <PageHeader title="Candidates" description="Every imported prompt, newest first. Filters combine; the URL keeps them, so a view can be shared." />
      <FilterBar values={values} domains={domainMenu} stages={stages} bands={bandFilters} sources={sources} />
      {!parsed.success && <div className="mb-4"><FormError message="Some filters in the URL were not valid and were ignored." /></div>}

      {page.items.length === 0 ? (
        searchError ? (
          <EmptyState title="Search stopped" action={<ButtonLink variant="secondary" href="/candidates">Clear filters</ButtonLink>}>
            {searchError}
          </EmptyState>
        ) : paged ? (
          <EmptyState title="No more candidates this way" action={<ButtonLink variant="secondary" href={href({})}>Back to the newest</ButtonLink>}>
            This page is past the end of the list{filtered ? " for these filters" : ""}.
          </EmptyState>
        ) : filtered ? (
          <EmptyState title="Nothing matches these filters" action={<ButtonLink variant="secondary" href="/candidates">Clear filters</ButtonLink>}>
            Text search finds prompts that contain every word, in any order, ignoring case; put a phrase in &quot;quotes&quot; to find it as written. Source matches exactly.
          </EmptyState>
        ) : (
          <EmptyState title="No candidates yet" action={atLeast(user.role, "lead") && <ButtonLink href="/imports">Import a JSONL file</ButtonLink>}>
            Import a pool in the browser, or from a terminal: <code className="rounded bg-zinc-100 px-1 font-mono text-xs">npx edgewise import pool.jsonl --domain math</code>
          </EmptyState>
        )
      ) : (
        <>
          <Table>
            <thead>
              <tr><Th className="w-16">#</Th><Th>Prompt</Th><Th className="w-24">Domain</Th><Th className="w-24">Stage</Th><Th className="w-28">Band</Th><Th className="w-28">Flags</Th><Th className="w-24 text-right">Pass rate</Th><Th className="w-28">Source</Th><Th className="w-24">Added</Th></tr>
            </thead>
            <tbody className="divide-y divide-zinc-100">
              {page.items.map((c) => (
                // The prompt link stretches over the whole row: a click anywhere opens it.
                <tr key={c.id} className="relative hover:bg-zinc-50">
                  <Td className="tabular-nums text-zinc-500">{c.id}</Td>
                  <Td>
                    <Link href={`/candidates/${c.id}?back=${encodeURIComponent(here)}`} className="line-clamp-2 text-zinc-900 after:absolute after:inset-0 hover:text-accent-700">{c.preview}</Link>
                  </Td>
                  <Td>{c.domain}</Td>
                  <Td><StageBadge stage={c.stage} /></Td>
                  <Td className="whitespace-nowrap"><BandBadge band={c.band ?? "unscored"} /></Td>
                  <Td className="space-x-1 whitespace-nowrap">
                    {c.nearDupOf !== null && <Badge tone="amber">near-dup of #{c.nearDupOf}</Badge>}
                    {c.contaminated && <Badge tone="red">contaminated</Badge>}
                    {c.nearDupOf === null && !c.contaminated && <span className="text-zinc-400" aria-label="no flags">—</span>}
                  </Td>
                  <Td className="whitespace-nowrap text-right tabular-nums">
                    {c.passRate === null ? <span className="text-zinc-400">—</span> : <>{Math.round(c.passRate * 100)}%<span className="ml-1 text-xs text-zinc-400">{c.passes}/{c.k}</span></>}
                  </Td>
                  <Td className="max-w-28 truncate">{c.source ?? "—"}</Td>
                  <Td className="whitespace-nowrap text-zinc-500">{ago(c.createdAt)}</Td>
                </tr>
              ))}
            </tbody>
          </Table>
          <div className="mt-3 flex items-center justify-between text-sm">
            <span className="text-zinc-500 tabular-nums">#{page.items[0].id} – #{page.items[page.items.length - 1].id} · {page.items.length} shown</span>
            <div className="flex gap-2">
              {page.prevCursor && <ButtonLink variant="secondary" href={href({})}>Newest</ButtonLink>}
              {page.prevCursor && <ButtonLink variant="secondary" href={href({ after: page.prevCursor })}>← Newer</ButtonLink>}
              {page.nextCursor && <ButtonLink variant="secondary" href={href({ cursor: page.nextCursor })}>Older →</ButtonLink>}
            </div>
          </div>
        </>
      )}
    </>
  );
}
