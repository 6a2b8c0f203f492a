import { Markdown } from "@/components/markdown";
import { n } from "@/components/format";

/**
 * A model's thinking, kept apart from its answer (issue 15): folded by default, since it is
 * long and no verifier reads it. Model output, so it renders through the inert Markdown.
 */
export function Reasoning({ text, tokens }: { text: string | null; tokens?: number }) {
  if (!text) return null;
  return (
    <details className="mb-2 rounded-md border border-zinc-200 bg-white" data-testid="reasoning">
      <summary className="cursor-pointer px-2 py-1 text-xs font-medium text-zinc-600">
        Reasoning{tokens ? ` (${n(tokens)} tokens)` : ""} — not read by the verifier
      </summary>
      <div className="max-h-72 overflow-auto border-t border-zinc-100 p-2 text-zinc-600">
        <Markdown>{text}</Markdown>
      </div>
    </details>
  );
}
