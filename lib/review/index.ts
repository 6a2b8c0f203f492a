// The review workspace's rules (docs/decisions/0017): queues and claims, decisions and
// consensus, undo, adjudication, assignments, gold items, agreement, stats.
export { claimNext, heartbeat, refreshQueue, type Claimed, type QueueBand } from "./queue";
export { adjudicate, decide, undo, type ItemState } from "./decide";
export { checkBand, listAssignments, myReviewDomains, reviewDomain, setAssignments } from "./access";
export { adjudicationQueue, openingQueueStats, queueStats, type QueueStats, type ReviewDomainSummary } from "./stats";
export { goldOf, heldAsGold, listGold, removeGold, setGold } from "./gold";
export { agreementReport, type AgreementReport, type ReviewerAgreement } from "./agreement-report";
export { cohenKappa, fleissKappa, MIN_OVERLAP } from "./agreement";
export * from "./schema";
export { reviewItemView, type ReviewItemView, type ReviewResponse } from "./item";
export { candidateEdits, editCandidate, editSchema, type CandidateEditView, type EditInput, type EditResult } from "./edit";
export { assertReadsDomain, readableDomainIds, readableLineage } from "./visibility";
export { rescoreJob, rescoreSweepEveryMs, sweepRescores } from "./rescore";
export { setReviewItemState, reviewItemTransitions } from "./item-lifecycle";
