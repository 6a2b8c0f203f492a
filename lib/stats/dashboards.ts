import { z } from "zod";
import type { Principal } from "@/lib/auth/principal";
import { getDomainBySlug } from "@/lib/domains";
import { dbId } from "@/lib/db/ids";
import { badRequest, notFound } from "@/lib/errors";
import { domainTargetModels, type TargetModelOption } from "@/lib/scoring/domain-difficulty";
import { agreementReport, assertReadsDomain, readableDomainIds, type AgreementReport } from "@/lib/review";
import { recentChanges, type DomainChanges } from "./changes";
import { binCoverage, type Coverage } from "./coverage";
import { bandPreview, statusHistogram, type BandPreview, type StatusHistogram } from "./histogram";
import { domainOverview, type DomainOverview, type Funnel } from "./overview";
import { queueDepth, reviewerThroughput, type QueueDepth, type ThroughputRow } from "./reviewers";

// What each dashboard endpoint returns, scoped to what the principal may read: reviewers see
// their assigned domains only (lib/review readableDomainIds), leads and admins every domain.

export interface OverviewData {
  domains: DomainOverview[];
  funnel: Funnel;
  changes: DomainChanges[];
}

export async function overviewFor(principal: Principal): Promise<OverviewData> {
  const ids = await readableDomainIds(principal);
  const [{ domains, funnel }, changes] = await Promise.all([domainOverview(ids), recentChanges(ids)]);
  return { domains, funnel, changes };
}

async function domainOf(principal: Principal, slug: string) {
  const domain = await getDomainBySlug(slug);
  if (!domain) throw notFound("Domain");
  await assertReadsDomain(principal, domain.id, "This domain");
  return domain;
}

export interface DomainChartsData {
  histogram: StatusHistogram;
  coverage: Coverage;
  /** Target models with pass rates in the domain: the histogram can show one of them (issue 15). */
  models: TargetModelOption[];
}

export const domainChartsQuerySchema = z.object({ model: dbId.optional() });

/** The domain's charts; `model` shows that target model's pass rates instead of the domain's difficulty. */
export async function domainChartsFor(principal: Principal, slug: string, opts: z.infer<typeof domainChartsQuerySchema> = {}): Promise<DomainChartsData> {
  const domain = await domainOf(principal, slug);
  const [histogram, coverage, models] = await Promise.all([
    statusHistogram(domain.id, { endpointId: opts.model ?? null }),
    binCoverage(domain.id),
    domainTargetModels(domain.id),
  ]);
  return { histogram, coverage, models };
}

export const bandPreviewQuerySchema = z
  .object({ low: z.coerce.number().min(0).max(1), high: z.coerce.number().min(0).max(1) })
  .strict();

export async function bandPreviewFor(principal: Principal, slug: string, edges: z.infer<typeof bandPreviewQuerySchema>): Promise<BandPreview> {
  if (!(edges.low < edges.high)) throw badRequest("band low must be below band high");
  const domain = await domainOf(principal, slug);
  return bandPreview(domain.id, edges.low, edges.high);
}

export interface ReviewersData {
  days: number;
  throughput: ThroughputRow[];
  queues: QueueDepth[];
  agreement: { slug: string; name: string; report: AgreementReport }[];
}

export const reviewersQuerySchema = z.object({ days: z.coerce.number().int().min(1).max(90).default(14) }).strict();

export async function reviewersDashboard(principal: Principal, days = 14): Promise<ReviewersData> {
  const ids = await readableDomainIds(principal);
  const [throughput, queues] = await Promise.all([reviewerThroughput(ids, days), queueDepth(ids)]);
  const agreement = await Promise.all(
    queues.map(async (q) => ({ slug: q.slug, name: q.name, report: await agreementReport(q.domainId, q.reviewersPerItem) })),
  );
  return { days, throughput, queues, agreement };
}
