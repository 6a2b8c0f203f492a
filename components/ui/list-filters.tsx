import Link from "next/link";
import { EmptyState } from "./empty-state";
import { Button } from "./button";
import { Select } from "./form";

// A history list's filters (Imports, Runs): plain GET forms, so the URL keeps them (a view can
// be shared, and Back works) and the page stays a server component.

export interface ListFilter {
  /** The query parameter. */
  name: string;
  /** Names the select for screen readers (another form on the page may have a "Domain"). */
  label: string;
  /** What "no filter" reads as, e.g. "All domains". */
  any: string;
  options: readonly string[];
  value: string | undefined;
}

/** Only the values a list offers: anything else in the URL is no filter at all. */
export function pickFilter<T extends string>(raw: string | string[] | undefined, options: readonly T[]): T | undefined {
  const v = Array.isArray(raw) ? raw[0] : raw;
  return options.includes(v as T) ? (v as T) : undefined;
}

/** The list's URL with its filters (and e.g. a cursor); empty values are left out. */
export function listHref(path: string, params: Record<string, string | number | undefined>): string {
  const q = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== undefined && v !== "").map(([k, v]) => [k, String(v)]));
  return q.size ? `${path}?${q}` : path;
}

export function ListFilters({ path, label, filters }: { path: string; label: string; filters: ListFilter[] }) {
  const active = filters.some((f) => f.value !== undefined);
  return (
    <form method="get" action={path} className="flex flex-wrap items-center gap-2" aria-label={label}>
      {filters.map((f) => (
        <Select key={f.name} name={f.name} defaultValue={f.value ?? ""} aria-label={f.label} className="w-40">
          <option value="">{f.any}</option>
          {f.options.map((o) => <option key={o} value={o}>{o}</option>)}
        </Select>
      ))}
      <Button type="submit" variant="secondary">Filter</Button>
      {active && <Link href={path} className="text-sm text-accent-700 hover:underline">Clear</Link>}
    </form>
  );
}

/** What an empty list says when its filters emptied it (not "nothing yet"). */
export function NoMatch({ path, what }: { path: string; what: string }) {
  return (
    <EmptyState title={`No ${what} match these filters`}>
      <Link href={path} className="text-accent-700 hover:underline">Clear the filters</Link> to see every one.
    </EmptyState>
  );
}

/**
 * The domain-and-status pair the history lists share (Imports, Runs): the values the URL asks
 * for, if they are real, and the two selects that show them.
 */
export function domainAndStatus<S extends string>(q: { domain?: string; status?: string }, domains: readonly string[], statuses: readonly S[]) {
  const domain = pickFilter(q.domain, domains);
  const status = pickFilter(q.status, statuses);
  const filters: ListFilter[] = [
    { name: "domain", label: "Filter by domain", any: "All domains", options: domains, value: domain },
    { name: "status", label: "Filter by status", any: "Any status", options: statuses, value: status },
  ];
  return { domain, status, filtered: domain !== undefined || status !== undefined, filters };
}
