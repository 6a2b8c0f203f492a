import { Field, Select } from "@/components/ui/form";

// Reasoning-model settings of a run (issue 15): the effort sent as reasoning_effort, and how a
// sample cut off at max tokens counts. Kept apart from run-form.tsx so that file stays small.

export interface ReasoningValues {
  reasoningEffort: "" | "low" | "medium" | "high";
  truncatedAs: "wrong" | "unverified";
}

export const reasoningDefaults: ReasoningValues = { reasoningEffort: "", truncatedAs: "wrong" };

export function ReasoningFields({ v, onChange }: { v: ReasoningValues; onChange: (next: ReasoningValues) => void }) {
  return (
    <>
      <Field label="Reasoning effort" hint="Sent as reasoning_effort; only reasoning models (o3-mini, …) take it.">
        <Select value={v.reasoningEffort} onChange={(e) => onChange({ ...v, reasoningEffort: e.target.value as ReasoningValues["reasoningEffort"] })}>
          <option value="">Not sent</option>
          <option value="low">Low</option>
          <option value="medium">Medium</option>
          <option value="high">High</option>
        </Select>
      </Field>
      <Field label="An answer cut off at max tokens" hint="It may hold a number from half-written reasoning: never correct.">
        <Select value={v.truncatedAs} onChange={(e) => onChange({ ...v, truncatedAs: e.target.value as ReasoningValues["truncatedAs"] })}>
          <option value="wrong">Counts as wrong</option>
          <option value="unverified">Is left out of k (unverified)</option>
        </Select>
      </Field>
    </>
  );
}
