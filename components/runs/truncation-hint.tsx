import { compact } from "@/components/format";

// How many samples hit the token limit (finish_reason "length"), with what to do about it
// (issue 15): a reasoning model that runs out of tokens mid-thought fails candidates it could
// solve, and the pass rates then say more about max tokens than about the model.

/** Share of attempted samples that were cut off, or null when none were. */
export function truncatedShare(r: { truncatedSamples: number; samples: number; sampleErrors: number }): number | null {
  const attempted = r.samples + r.sampleErrors;
  return r.truncatedSamples > 0 && attempted > 0 ? Math.min(1, r.truncatedSamples / attempted) : null;
}

export function TruncationHint({ run }: { run: { truncatedSamples: number; samples: number; sampleErrors: number; maxTokens: number; truncatedAs: string; reasoningTokens: number } }) {
  const share = truncatedShare(run);
  if (share === null && run.reasoningTokens === 0) return null;
  const pct = share === null ? 0 : Math.max(1, Math.round(share * 100));
  return (
    <div className="space-y-1 text-sm">
      {share !== null && (
        <p role="status" data-testid="truncation-hint" className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-amber-900">
          {pct} % of samples hit max tokens ({run.maxTokens}){pct >= 5 ? ": raise it" : ""}. They count as {run.truncatedAs === "unverified" ? "unverified (left out of k)" : "wrong"}.
        </p>
      )}
      {run.reasoningTokens > 0 && <p className="text-xs text-zinc-500">{compact(run.reasoningTokens)} of the completion tokens were reasoning (billed as output).</p>}
    </div>
  );
}
