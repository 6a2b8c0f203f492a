import type { SampleView } from "@/lib/scoring/queries";
import { Markdown } from "@/components/markdown";
import { Card, CardHeader } from "@/components/ui/card";
import { Table, Td, Th } from "@/components/ui/table";
import { n } from "@/components/format";
import { Reasoning } from "./reasoning";

function Verdict({ s }: { s: SampleView }) {
  if (s.errorKind) return <span className="font-medium text-amber-700" title={s.error ?? undefined}>error</span>;
  // A judge row is a rubric score (1–10), not one more right-or-wrong sample among the k.
  if (s.role === "judge") {
    return s.score === null ? <span className="text-zinc-400" aria-label="no judge score">–</span> : (
      <span className="font-semibold tabular-nums text-violet-700" aria-label={`judge score ${s.score} of 10`} data-testid="judge-score">{s.score}/10</span>
    );
  }
  if (s.correct === true) return <span className="font-semibold text-emerald-700" aria-label="correct">✓</span>;
  if (s.correct === false) return <span className="font-semibold text-red-700" aria-label="wrong">✗</span>;
  return <span className="text-zinc-400" aria-label="not verified">–</span>;
}

/**
 * Every sample behind the score. The response is model output, i.e. untrusted content:
 * it renders through the inert Markdown component, folded in a <details> so the table stays
 * scannable and each row opens with the keyboard.
 */
export function SamplesTable({ samples, emptyNote = "No samples yet." }: { samples: SampleView[]; emptyNote?: string }) {
  const target = samples.filter((s) => s.role === "target");
  const correct = target.filter((s) => s.correct).length;
  return (
    <Card>
      <CardHeader
        title={`Samples (${n(samples.length)})`}
        description={samples.length ? `${correct} of ${target.length} target samples verified correct. Open a row to read the response.` : undefined}
      />
      {samples.length === 0 ? (
        <p className="px-4 py-6 text-sm text-zinc-500">{emptyNote}</p>
      ) : (
        <Table className="rounded-none border-0">
          <thead>
            <tr><Th className="w-14">#</Th><Th className="w-16">Verdict</Th><Th>Extracted answer</Th><Th>Reason</Th><Th className="whitespace-nowrap text-right">Tokens in/out</Th><Th className="text-right">Latency</Th></tr>
          </thead>
          <tbody className="divide-y divide-zinc-100">
            {samples.map((s) => (
              <tr key={`${s.role}-${s.targetPosition ?? 0}-${s.index}`} data-testid="sample-row">
                {/* A run's other target models (issue 15) are numbered as on the Difficulty panel: model 2, 3, … */}
                <Td className="tabular-nums text-zinc-500">{s.role === "target" ? (s.targetPosition ? `model ${s.targetPosition + 1} · ${s.index}` : s.index) : s.role === "judge" ? "judge" : `${s.role} ${s.index}`}</Td>
                <Td><Verdict s={s} /></Td>
                <Td className="w-2/5 min-w-56">
                  <details>
                    <summary className="cursor-pointer font-mono text-xs text-zinc-900">{s.extracted ?? <span className="text-zinc-400">none</span>}</summary>
                    <div className="mt-2 max-h-96 overflow-auto rounded-md border border-zinc-100 bg-zinc-50 p-3">
                      <Reasoning text={s.reasoning} tokens={s.reasoningTokens} />
                      {s.response ? <Markdown>{s.response}</Markdown> : <p className="text-xs text-zinc-500">No response{s.error ? `: ${s.error}` : "."}</p>}
                    </div>
                  </details>
                </Td>
                <Td className="min-w-40 text-xs">{s.errorKind ? <span className="text-amber-800">{s.errorKind}{s.error ? `: ${s.error}` : ""}</span> : s.reason ?? "—"}{s.score !== null && s.role !== "judge" && <span className="ml-1 text-zinc-500">(score {s.score})</span>}</Td>
                <Td className="whitespace-nowrap text-right tabular-nums">{n(s.promptTokens)} / {n(s.completionTokens)}</Td>
                <Td className="whitespace-nowrap text-right tabular-nums">{n(s.latencyMs)} ms</Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </Card>
  );
}
