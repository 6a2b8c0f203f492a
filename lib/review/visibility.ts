import { atLeast } from "@/lib/auth/roles";
import type { Principal } from "@/lib/auth/principal";
import { idsInDomains } from "@/lib/candidates/queries";
import { AppError } from "@/lib/errors";
import { myReviewDomains } from "./access";

// What a principal may READ (candidates, evidence, imports, runs): leads and admins every
// domain; a reviewer the domains they are assigned to. Reads of another domain are a 403.

/** The domain ids this principal may read, or null for "every domain" (leads, admins). */
export async function readableDomainIds(principal: Principal): Promise<number[] | null> {
  if (atLeast(principal.role, "lead")) return null;
  return (await myReviewDomains(principal)).map((d) => d.id);
}

/** 403 unless the principal may read this domain (null domain: only leads — e.g. a per-line import). */
export async function assertReadsDomain(principal: Principal, domainId: number | null, what = "This"): Promise<void> {
  const ids = await readableDomainIds(principal);
  if (ids === null) return;
  if (domainId === null || !ids.includes(domainId)) {
    throw new AppError("forbidden", `${what} belongs to a domain you are not assigned to; a lead can assign you`);
  }
}

/**
 * Evidence links a candidate to its parent and variants, which may live in another domain
 * (a transform can write its variant elsewhere): a reviewer sees only the links into domains
 * they may read — the previews are prompt text.
 */
export async function readableLineage<T extends { parent: { id: number } | null; variants: { id: number }[] }>(principal: Principal, evidence: T): Promise<T> {
  const domainIds = await readableDomainIds(principal);
  if (domainIds === null) return evidence;
  const linked = [...(evidence.parent ? [evidence.parent.id] : []), ...evidence.variants.map((v) => v.id)];
  const ok = await idsInDomains(linked, domainIds);
  return { ...evidence, parent: evidence.parent && ok.has(evidence.parent.id) ? evidence.parent : null, variants: evidence.variants.filter((v) => ok.has(v.id)) };
}
