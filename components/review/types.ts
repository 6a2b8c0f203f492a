import type { CandidateEvidence } from "@/lib/scoring/queries";
import type { ReviewItemView } from "@/lib/review/item";

// What the review screen reads, as the API sends it (JSON: dates are strings).

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

export interface ItemState {
  candidateId: number;
  state: "open" | "adjudication" | "final";
  final: boolean;
  outcome: "accept" | "reject" | null;
  decisions: number;
  needed: number;
}

export interface StatsJson {
  remaining: number;
  myDecisionsToday: number;
  accepted: number;
  rejected: number;
  awaitingAdjudication: number;
}
