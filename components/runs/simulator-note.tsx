import type { SimulatorGuesses } from "@/lib/scoring/queries";
import { n } from "@/components/format";

/**
 * A simulated target answers prompts it has no reference for with random guesses, so a run
 * of mostly unknown prompts is all "too hard" for no reason of their own: say so over the
 * histogram. Shown when it did not know most (more than half) of the prompts it answered.
 */
export function SimulatorNote({ guesses }: { guesses: SimulatorGuesses | null }) {
  if (!guesses || guesses.prompts === 0 || guesses.unknown * 2 <= guesses.prompts) return null;
  return (
    <div className="rounded-lg border border-violet-200 bg-violet-50 px-4 py-3 text-sm text-violet-900" role="note" data-testid="simulator-note">
      The simulated model did not know {n(guesses.unknown)} of {n(guesses.prompts)} prompts: it had no reference answer for them, so
      its answers were random guesses and they score as too hard. Start it with <code>--answers FILE</code> (or through{" "}
      <code>npm start</code>, which reads the references of imported pools) before judging this pool by the histogram.
    </div>
  );
}
