import fs from "node:fs";
import type { DomainSummary } from "@/lib/domains";
import { createDomainSchema, updateDomainSchema } from "@/lib/domains/schema";
import { commonOptions, numberFlag, parse, readableFile, usageFromIssues, UsageError } from "./args";
import { act, localActor, output, table, targetFrom } from "./client";

// edgewise domains list | create | update — the Domains page's actions (GET/POST /api/domains,
// PATCH /api/domains/<slug>). lib/domains loads only on the database path.

const FLAGS: Record<string, string> = {
  name: "--name",
  answerKind: "--answer-kind",
  bandLow: "--band-low",
  bandHigh: "--band-high",
  quota: "--quota",
  reviewersPerItem: "--reviewers-per-item",
  consensus: "--consensus",
  reviewGuidelines: "--guidelines-file",
  slug: "SLUG",
};

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, {
    ...commonOptions,
    name: { type: "string" },
    "answer-kind": { type: "string" },
    "band-low": { type: "string" },
    "band-high": { type: "string" },
    quota: { type: "string" },
    "reviewers-per-item": { type: "string" },
    consensus: { type: "string" },
    "guidelines-file": { type: "string" },
  });
  const [action, slug, ...extra] = positionals;
  const target = targetFrom(values);
  if (extra.length) throw new UsageError(`unexpected argument: ${extra[0]}`);
  const fields = {
    name: values.name,
    answerKind: values["answer-kind"],
    bandLow: numberFlag("band-low", values["band-low"]),
    bandHigh: numberFlag("band-high", values["band-high"]),
    quota: numberFlag("quota", values.quota),
    reviewersPerItem: numberFlag("reviewers-per-item", values["reviewers-per-item"]),
  };

  if (action === "list") {
    if (slug) throw new UsageError(`unexpected argument: ${slug}`);
    const { items } = await act<{ items: DomainSummary[] }>(target, { path: "/api/domains" }, async () => ({ items: await (await import("@/lib/domains")).listDomains() }));
    output(values.json, items, () =>
      items.length
        ? table(
            ["slug", "name", "kind", "band", "quota", "candidates"],
            items.map((d) => [d.slug, d.name, d.answerKind, `${d.bandLow}–${d.bandHigh}`, d.quota, d.total]),
          )
        : 'No domains yet: create one with "edgewise domains create SLUG --name NAME".',
    );
    return 0;
  }

  if (action === "create") {
    if (!slug) throw new UsageError("give the new domain's SLUG");
    if (values.consensus) throw new UsageError("--consensus is set with update, after create");
    if (values["guidelines-file"]) throw new UsageError("--guidelines-file is set with update, after create");
    const input = createDomainSchema.safeParse({ slug, ...defined(fields) });
    if (!input.success) throw usageFromIssues(input.error.issues, FLAGS);
    const domain = await act<DomainRow>(target, { method: "POST", path: "/api/domains", body: input.data }, async () => (await import("@/lib/domains")).createDomain(input.data, localActor()));
    output(values.json, domain, () => `Created domain ${domain.slug} (${domain.name}), band ${domain.bandLow}–${domain.bandHigh}`);
    return 0;
  }

  if (action === "update") {
    if (!slug) throw new UsageError("give the SLUG of the domain to change");
    // The file's text replaces the guidelines; an empty file clears them.
    const guidelines = values["guidelines-file"] === undefined ? undefined : fs.readFileSync(readableFile(values["guidelines-file"]), "utf8");
    const change = defined({ ...fields, consensus: values.consensus, reviewGuidelines: guidelines });
    if (!Object.keys(change).length) throw new UsageError("nothing to change: give at least one option");
    const input = updateDomainSchema.safeParse(change);
    if (!input.success) throw usageFromIssues(input.error.issues, FLAGS);
    const path = `/api/domains/${encodeURIComponent(slug)}`;
    const domain = await act<DomainRow>(target, { method: "PATCH", path, body: input.data }, async () =>
      (await import("@/lib/scoring/domain-update")).updateDomain(slug, input.data, localActor()),
    );
    output(values.json, domain, () => `Updated domain ${domain.slug} (${domain.name}), band ${domain.bandLow}–${domain.bandHigh}, quota ${domain.quota}`);
    return 0;
  }

  throw new UsageError(action ? `unknown action "${action}": list, create or update` : "give an action: list, create or update");
}

type DomainRow = Pick<DomainSummary, "slug" | "name" | "bandLow" | "bandHigh" | "quota">;

function defined<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
