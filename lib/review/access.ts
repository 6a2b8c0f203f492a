import type { Actor } from "@/lib/audit";
import { recordAudit } from "@/lib/audit";
import { atLeast } from "@/lib/auth/roles";
import type { Principal } from "@/lib/auth/principal";
import { db, pool } from "@/lib/db/client";
import { getDomainBySlug } from "@/lib/domains";
import { AppError, badRequest, notFound } from "@/lib/errors";
import { reviewDomainsWithCounts, type ReviewDomainSummary } from "./stats";

// Who works which queue: leads and admins every domain; a reviewer the domains a lead or admin
// assigned them to. Another domain's queue is a 403, not an empty list.

export async function reviewDomain(
  principal: Principal,
  slug: string,
): Promise<{ id: number; slug: string; name: string; reviewersPerItem: number; guidelines: { text: string; updatedAt: Date | null } | null }> {
  const domain = await getDomainBySlug(slug);
  if (!domain) throw notFound("Domain");
  if (!atLeast(principal.role, "lead")) {
    const row = await db().domainReviewer.findUnique({ where: { domainId_userId: { domainId: domain.id, userId: principal.userId } } });
    if (!row) throw new AppError("forbidden", `You are not assigned to review ${domain.name}; a lead can assign you`);
  }
  const guidelines = domain.reviewGuidelines ? { text: domain.reviewGuidelines, updatedAt: domain.guidelinesUpdatedAt } : null;
  return { id: domain.id, slug: domain.slug, name: domain.name, reviewersPerItem: domain.reviewersPerItem, guidelines };
}

/** The domains a reviewer works (every domain for leads and admins), with their queue counts. */
export async function myReviewDomains(principal: Principal): Promise<ReviewDomainSummary[]> {
  return reviewDomainsWithCounts(principal.userId, atLeast(principal.role, "lead"));
}

/**
 * Queues over other bands than teachable ("too hard: check the reference") are a lead's tool:
 * nobody assigns a reviewer to them, so a reviewer asking for one is a 403, not an empty queue.
 */
export function checkBand(principal: Principal, band: string): void {
  if (band !== "teachable" && !atLeast(principal.role, "lead")) {
    throw new AppError("forbidden", "Only leads and admins open queues over other bands than teachable");
  }
}

export async function listAssignments(slug: string) {
  const domain = await getDomainBySlug(slug);
  if (!domain) throw notFound("Domain");
  const { rows } = await pool().query<{ id: string; email: string; name: string }>(
    `select u.id, u.email, u.name from domain_reviewer r join "user" u on u.id = r.user_id where r.domain_id = $1 order by u.email`,
    [domain.id],
  );
  return rows;
}

/** Replaces a domain's reviewer list; each change is audited. */
export async function setAssignments(actor: Actor, slug: string, userIds: string[]) {
  const domain = await getDomainBySlug(slug);
  if (!domain) throw notFound("Domain");
  const wanted = [...new Set(userIds)];
  const users = await db().user.findMany({ where: { id: { in: wanted } }, select: { id: true, active: true } });
  if (users.length !== wanted.length) throw badRequest("Some of these users do not exist");
  const before = new Set((await db().domainReviewer.findMany({ where: { domainId: domain.id } })).map((r) => r.userId));
  const added = wanted.filter((u) => !before.has(u));
  const removed = [...before].filter((u) => !wanted.includes(u));
  await db().$transaction([
    db().domainReviewer.deleteMany({ where: { domainId: domain.id, userId: { in: removed } } }),
    db().domainReviewer.createMany({ data: added.map((userId) => ({ domainId: domain.id, userId })), skipDuplicates: true }),
  ]);
  if (added.length || removed.length) {
    await recordAudit({ actor, action: "review.assign", target: { type: "domain", id: domain.slug }, details: { added, removed } });
  }
  return listAssignments(slug);
}
