// The review workspace's rules (docs/decisions/0017): queues and claims, decisions and
// consensus, undo, adjudication, assignments, stats.
export { claimNext, heartbeat, refreshQueue, type Claimed, type QueueBand } from "./queue";
export { adjudicate, decide, undo, type ItemState } from "./decide";
export { listAssignments, myReviewDomains, reviewDomain, setAssignments } from "./access";
export { adjudicationQueue, queueStats, type QueueStats } from "./stats";
export * from "./schema";
export { reviewItemView, type ReviewItemView, type ReviewResponse } from "./item";
