"use client";
import { useEffect, useRef } from "react";
import type { SampleView } from "@/lib/scoring/queries";
import { Markdown } from "@/components/markdown";
import { Card, CardHeader } from "@/components/ui/card";
import { cx } from "@/components/ui/cx";
import { Reasoning } from "@/components/scoring/reasoning";

function Verdict({ s }: { s: SampleView }) {
  if (s.errorKind) return <span className="w-5 shrink-0 text-center font-medium text-amber-700" title={s.error ?? undefined}>!</span>;
  if (s.correct === true) return <span className="w-5 shrink-0 text-center font-semibold text-emerald-700" aria-label="correct">✔</span>;
  if (s.correct === false) return <span className="w-5 shrink-0 text-center font-semibold text-red-700" aria-label="wrong">✖</span>;
  return <span className="w-5 shrink-0 text-center text-zinc-400" aria-label="not verified">–</span>;
}

const label = (s: SampleView) => (s.role === "target" ? `Attempt ${s.index + 1}` : `${s.role === "teacher" ? "Teacher" : "Judge"} ${s.index + 1}`);

/**
 * The sampled attempts behind the score, collapsed by default: a row says ✔/✖, the extracted
 * answer and the verifier's reason; j/k move the selection, o opens it, x opens all. Responses
 * are model output (untrusted): they render through the inert Markdown component, each in a
 * bounded scroll box so eight long attempts do not bury the decision.
 */
export function Attempts({ samples, selected, open, onSelect, onToggle }: {
  samples: SampleView[];
  selected: number;
  open: Set<number>;
  onSelect: (i: number) => void;
  onToggle: (i: number) => void;
}) {
  const refs = useRef<(HTMLLIElement | null)[]>([]);
  useEffect(() => {
    refs.current[selected]?.scrollIntoView({ block: "nearest" });
  }, [selected]);
  const target = samples.filter((s) => s.role === "target");
  const correct = target.filter((s) => s.correct).length;
  return (
    <Card>
      <CardHeader
        title={`Attempts (${target.length})`}
        description={samples.length ? `${correct} of ${target.length} verified correct · j/k to move, o to open, x to open all` : undefined}
      />
      {samples.length === 0 ? (
        <p className="px-4 py-6 text-sm text-zinc-500">No attempts were sampled for this item.</p>
      ) : (
        <ul className="divide-y divide-zinc-100" aria-label="Attempts">
          {samples.map((s, i) => {
            const isOpen = open.has(i);
            return (
              <li
                key={`${s.role}-${s.index}`}
                ref={(el) => { refs.current[i] = el; }}
                data-testid="attempt"
                data-open={isOpen}
                aria-current={i === selected ? "true" : undefined}
                className={cx("scroll-mt-28", i === selected && "bg-accent-50 ring-1 ring-inset ring-accent-500/40")}
              >
                <button
                  type="button"
                  aria-expanded={isOpen}
                  onClick={() => { onSelect(i); onToggle(i); }}
                  className="flex w-full items-start gap-3 px-4 py-2 text-left text-sm hover:bg-zinc-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-inset focus-visible:ring-accent-500"
                >
                  <span className="w-20 shrink-0 text-xs tabular-nums text-zinc-500">{label(s)}</span>
                  <Verdict s={s} />
                  <span className="w-40 shrink-0 truncate font-mono text-xs text-zinc-900" title={s.extracted ?? undefined}>
                    {s.extracted ?? <span className="text-zinc-400">no answer</span>}
                  </span>
                  <span className="min-w-0 flex-1 truncate text-xs text-zinc-600" title={s.reason ?? s.error ?? undefined}>
                    {s.errorKind ? `${s.errorKind}${s.error ? `: ${s.error}` : ""}` : s.reason ?? "—"}
                  </span>
                  <span className="shrink-0 text-xs text-zinc-400" aria-hidden>{isOpen ? "▾" : "▸"}</span>
                </button>
                {isOpen && (
                  <div className="mx-4 mb-3 max-h-[28rem] overflow-auto rounded-md border border-zinc-100 bg-zinc-50 p-3">
                    <Reasoning text={s.reasoning} tokens={s.reasoningTokens} />
                    {s.response ? <div data-testid="attempt-response"><Markdown>{s.response}</Markdown></div> : <p className="text-xs text-zinc-500">No response{s.error ? `: ${s.error}` : "."}</p>}
                  </div>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </Card>
  );
}
