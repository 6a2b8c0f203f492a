import type { DifficultyBasis } from "@/lib/scoring/difficulty";

/** A domain's difficulty basis in words, naming the endpoint when one is chosen. */
export function basisLabel(b: DifficultyBasis, models: readonly { endpointId: number; name: string }[] = []): string {
  switch (b.basis) {
    case "primary":
      return "the run's primary target";
    case "endpoint":
      return `${models.find((m) => m.endpointId === b.endpointId)?.name ?? `endpoint #${b.endpointId}`} (the primary where a run did not sample it)`;
    case "min":
      return "the lowest pass rate across the run's targets";
    case "mean":
      return "all targets' correct answers over all their samples";
  }
}
