import { recordAudit, systemActor, type Actor } from "@/lib/audit";
import { db } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import { AppError, conflict, notFound } from "@/lib/errors";
import { nameSkeleton } from "@/lib/text/names";
import { createDomainSchema, updateDomainSchema, type CreateDomainInput, type UpdateDomainInput } from "./schema";

export * from "./schema";

export interface DomainSummary {
  id: number;
  slug: string;
  name: string;
  answerKind: string;
  bandLow: number;
  bandHigh: number;
  quota: number;
  reviewersPerItem: number;
  createdAt: Date;
  updatedAt: Date;
  /** Candidates per stage, e.g. {imported: 120, accepted: 3}. */
  stages: Record<string, number>;
  total: number;
}

export async function listDomains(): Promise<DomainSummary[]> {
  const [domains, counts] = await Promise.all([
    db().domain.findMany({ orderBy: { slug: "asc" } }),
    db().$queryRaw<{ domain_id: number; stage: string; n: bigint }[]>`
      select domain_id, stage::text, count(*) as n from candidate group by domain_id, stage`,
  ]);
  return domains.map((d) => {
    const stages: Record<string, number> = {};
    for (const c of counts) if (c.domain_id === d.id) stages[c.stage] = Number(c.n);
    return { ...d, stages, total: Object.values(stages).reduce((a, b) => a + b, 0) };
  });
}

export async function getDomainBySlug(slug: string) {
  const d = await db().domain.findUnique({ where: { slug } });
  if (!d) throw notFound(`Domain "${slug}"`);
  return d;
}

/** Every domain's id, slug, name and answer kind, for pickers and labels (no candidate counts: those scan). */
export async function listDomainChoices(): Promise<{ id: number; slug: string; name: string; answerKind: string }[]> {
  return db().domain.findMany({ select: { id: true, slug: true, name: true, answerKind: true }, orderBy: { slug: "asc" } });
}

/** Slug → id for every domain (imports resolve per-line `domain` fields with it). */
export async function domainIdsBySlug(): Promise<Map<string, number>> {
  const rows = await db().domain.findMany({ select: { id: true, slug: true } });
  return new Map(rows.map((r) => [r.slug, r.id]));
}

export async function createDomain(input: CreateDomainInput, actor: Actor) {
  const data = createDomainSchema.parse(input);
  await assertNameFree(data.name);
  try {
    const domain = await db().domain.create({ data });
    await recordAudit({ actor, action: "domain.create", target: { type: "domain", id: domain.id }, details: data });
    return domain;
  } catch (err) {
    throw mapUnique(err, data.slug);
  }
}

/**
 * The domain row's part of a settings change. Callers use `updateDomain` in
 * lib/scoring/domain-update.ts, which also re-triages when the band moved (scoring owns the
 * scores; this module does not depend on it).
 */
export async function saveDomainSettings(slug: string, input: UpdateDomainInput, actor: Actor) {
  const current = await getDomainBySlug(slug);
  const data = updateDomainSchema.parse(input);
  const low = data.bandLow ?? current.bandLow;
  const high = data.bandHigh ?? current.bandHigh;
  if (!(low < high)) throw new AppError("bad_request", "band low must be below band high");
  if (data.name !== undefined) await assertNameFree(data.name, current.id);
  try {
    // Reviewers see "updated" on the guidelines until they open them: only a real change counts.
    const guidelinesChanged = data.reviewGuidelines !== undefined && data.reviewGuidelines !== current.reviewGuidelines;
    const updated = await db().domain.update({ where: { id: current.id }, data: { ...data, ...(guidelinesChanged ? { guidelinesUpdatedAt: new Date() } : {}) } });
    // Record what changed, before → after: band moves are what a lead audits later.
    const changes = Object.fromEntries(
      Object.entries(data)
        .filter(([k, v]) => current[k as keyof typeof current] !== v)
        .map(([k, v]) => [k, { from: current[k as keyof typeof current], to: v }]),
    );
    await recordAudit({ actor, action: "domain.update", target: { type: "domain", id: current.id }, details: changes as never });
    return { domain: updated, bandMoved: "bandLow" in changes || "bandHigh" in changes };
  } catch (err) {
    throw mapUnique(err, data.slug ?? slug);
  }
}

/**
 * Names label domains everywhere (overview cards, "into Math"): two that look the same would be
 * told apart only by slug. "Looks the same" is any case, and also Cyrillic/Greek lookalikes,
 * zero-width characters and fullwidth forms (lib/text/names.ts `nameSkeleton`). Checked here
 * rather than by a unique index, so an existing database that already has two alike still
 * migrates; domains are few, so every name is compared.
 */
async function assertNameFree(name: string, exceptId?: number): Promise<void> {
  const wanted = nameSkeleton(name);
  const others = await db().domain.findMany({ where: exceptId ? { id: { not: exceptId } } : {}, select: { slug: true, name: true } });
  const clash = others.find((d) => nameSkeleton(d.name) === wanted);
  if (clash) throw conflict(`The domain "${clash.slug}" is already called "${clash.name}", which looks the same; pick a name people can tell apart`);
}

function mapUnique(err: unknown, slug: string): unknown {
  if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002") {
    return conflict(`A domain with slug "${slug}" already exists`);
  }
  return err;
}
