import type { CandidateEvidence } from "@/lib/scoring/queries";
import type { ItemState, QueueStats, ReviewItemView } from "@/lib/review";

// What the review screen reads, as the API sends it (JSON: dates are strings). Type-only
// imports: nothing of lib/ reaches the browser bundle.

export interface CandidateJson {
  id: number;
  prompt: string;
  answer: string | null;
  source: string | null;
  metadata: unknown;
  stage: string;
  createdAt: string;
  domain: { slug: string; name: string; answerKind: string };
  batch: { id: number; fileName: string } | null;
}

export type EvidenceJson = CandidateEvidence;
export type ItemJson = ReviewItemView;
export type { ItemState };
export type StatsJson = QueueStats;
