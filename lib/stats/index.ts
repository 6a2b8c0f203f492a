// Dashboards' aggregates (docs/decisions/0020): each one SQL statement over indexes that start
// with domain_id; pages and routes read them through here.
export { domainOverview, funnelOf, type DomainOverview, type Funnel } from "./overview";
export { recentChanges, type DomainChanges } from "./changes";
export { compactEveryMs, compactStatDeltas } from "./counters";
export { bandPreview, reviewStatuses, statusHistogram, type BandPreview, type ReviewStatus, type StatusBin, type StatusHistogram } from "./histogram";
export { binCoverage, binTargetSchema, binTargetsSchema, setBinTargets, type BinCoverage, type BinTarget, type Coverage } from "./coverage";
export { queueDepth, reviewerThroughput, type QueueDepth, type ThroughputRow } from "./reviewers";
export {
  bandPreviewFor,
  bandPreviewQuerySchema,
  domainChartsFor,
  domainChartsQuerySchema,
  overviewFor,
  reviewersDashboard,
  reviewersQuerySchema,
  type DomainChartsData,
  type OverviewData,
  type ReviewersData,
} from "./dashboards";
