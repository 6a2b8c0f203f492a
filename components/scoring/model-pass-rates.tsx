import { difficultyOf } from "@/lib/scoring/difficulty";
import type { ScoreView } from "@/lib/scoring/queries";
import { basisLabel } from "./basis-label";
import { passRateText } from "./band";

// Each target model's pass rate side by side (issue 15), with the one that defines the band
// under the domain's basis marked: for `mean` none does alone, the footer says so.

export function ModelPassRates({ score }: { score: Pick<ScoreView, "models" | "basis" | "passes" | "k" | "passRate"> }) {
  if ((score.models?.length ?? 0) < 2) return null; // one model: the pass rate above is its own
  // The one rule (lib/scoring/difficulty.ts): null for the mean over several models.
  const defining = difficultyOf(score.models, score.basis)?.endpointId ?? null;
  return (
    <div className="border-t border-zinc-100 px-4 py-3 text-sm">
      <div className="mb-1 text-xs font-medium uppercase tracking-wide text-zinc-500">Pass rate per target model</div>
      <table className="w-full" aria-label="Pass rate per target model">
        <tbody>
          {score.models.map((m) => (
            <tr key={m.endpointId} className={m.endpointId === defining ? "font-medium text-zinc-900" : "text-zinc-700"}>
              <td className="py-0.5 pr-2">
                <span title={m.model}>{m.name}</span>
                <span className="ml-1 text-xs text-zinc-500">{m.position === 0 ? "(primary)" : `(model ${m.position + 1})`}</span>
                {m.endpointId === defining && <span className="ml-1 text-xs text-accent-700">defines the band</span>}
              </td>
              <td className="py-0.5 text-right tabular-nums">{passRateText(m.passes, m.k, m.passRate)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="mt-1 text-xs text-zinc-500">Difficulty basis: {basisLabel(score.basis, score.models)}.</p>
    </div>
  );
}
