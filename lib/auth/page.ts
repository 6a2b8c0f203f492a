import { headers } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import { cache } from "react";
import { principalFromHeaders, type Principal } from "./principal";
import { loginUrl, PATH_HEADER } from "./return-path";
import { atLeast, type Role } from "./roles";
import { readableDomainIds } from "@/lib/review";

/** The signed-in user for this page render (one lookup per request), or off to /login and back. */
export const requireUser = cache(async (): Promise<Principal> => {
  const h = await headers();
  const principal = await principalFromHeaders(h);
  if (!principal) redirect(loginUrl(h.get(PATH_HEADER)));
  return principal;
});

/** Pages that need more than "signed in": a proper 403 page for everyone below `role`. */
export async function requireRole(role: Role): Promise<Principal> {
  const principal = await requireUser();
  if (!atLeast(principal.role, role)) forbidden();
  return principal;
}

/** The domains the signed-in user may read (null: every domain), once per request. */
export const pageDomainIds = cache(async (): Promise<number[] | null> => readableDomainIds(await requireUser()));

/**
 * Pages of one domain's data (a candidate, an import, a run, a domain): the 403 page for a
 * reviewer not assigned to that domain. A null domain (an import whose lines name their own)
 * is for leads only.
 */
export async function requireDomainReader(domainId: number | null): Promise<Principal> {
  const principal = await requireUser();
  const ids = await pageDomainIds();
  if (ids !== null && (domainId === null || !ids.includes(domainId))) forbidden();
  return principal;
}
