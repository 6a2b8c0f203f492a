import { Field, Input, Select } from "@/components/ui/form";
import type { EndpointRow } from "./types";

// The provider-quirk settings of an endpoint (lib/models/protocol.ts, issue 15). "Auto" starts
// with what most servers take and adapts once to a 400 that names the parameter; what it
// learned is listed, and can be forgotten (the next requests find out again).

/** The form's protocol fields as the API takes them. */
export function protocolBody(f: FormData): Record<string, unknown> {
  return {
    samplesPerRequest: f.get("samplesPerRequest"),
    tokenParam: f.get("tokenParam"),
    temperatureMode: f.get("temperatureMode"),
    thinkOpen: f.get("thinkOpen"),
    thinkClose: f.get("thinkClose"),
    ...(f.get("resetLearned") === "on" ? { resetLearned: true } : {}),
  };
}

export function ProtocolFields({ endpoint, fieldError }: { endpoint?: EndpointRow; fieldError: (name: string) => string | undefined }) {
  return (
    <fieldset className="space-y-3 rounded-md border border-zinc-100 p-3">
      <legend className="px-1 text-xs font-medium text-zinc-700">Requests (reasoning models and strict providers)</legend>
      <div className="grid gap-3 sm:grid-cols-5">
        <Field label="Samples per request" error={fieldError("samplesPerRequest")} hint="Auto: n = k, falls back to n = 1 if refused or ignored">
          <Select name="samplesPerRequest" defaultValue={endpoint?.samplesPerRequest ?? "auto"}>
            <option value="auto">Auto</option>
            <option value="k">k (one request with n = k)</option>
            <option value="1">1 (n = 1 requests)</option>
          </Select>
        </Field>
        <Field label="Token limit parameter" error={fieldError("tokenParam")} hint="OpenAI reasoning models take max_completion_tokens">
          <Select name="tokenParam" defaultValue={endpoint?.tokenParam ?? "auto"}>
            <option value="auto">Auto</option>
            <option value="max_tokens">max_tokens</option>
            <option value="max_completion_tokens">max_completion_tokens</option>
          </Select>
        </Field>
        <Field label="Temperature" error={fieldError("temperatureMode")} hint="Some reasoning models take none">
          <Select name="temperatureMode" defaultValue={endpoint?.temperatureMode ?? "auto"}>
            <option value="auto">Auto</option>
            <option value="send">Send the run&apos;s</option>
            <option value="omit">Never send</option>
          </Select>
        </Field>
        <Field label="Thinking opens with" error={fieldError("thinkOpen")}><Input name="thinkOpen" required defaultValue={endpoint?.thinkOpen ?? "<think>"} /></Field>
        <Field label="Thinking closes with" error={fieldError("thinkClose")}><Input name="thinkClose" required defaultValue={endpoint?.thinkClose ?? "</think>"} /></Field>
      </div>
      {endpoint && endpoint.learned.length > 0 && (
        <div className="text-xs text-zinc-600">
          Learned from the provider: {endpoint.learned.join("; ")}.
          <label className="ml-3 inline-flex items-center gap-1.5">
            <input type="checkbox" name="resetLearned" /> Forget (find out again)
          </label>
        </div>
      )}
    </fieldset>
  );
}

/** The settings and lessons in one line, for the endpoints table. */
export function ProtocolSummary({ e }: { e: EndpointRow }) {
  const set = [
    e.samplesPerRequest !== "auto" && `n: ${e.samplesPerRequest}`,
    e.tokenParam !== "auto" && e.tokenParam,
    e.temperatureMode !== "auto" && (e.temperatureMode === "omit" ? "no temperature" : "temperature sent"),
    (e.thinkOpen !== "<think>" || e.thinkClose !== "</think>") && `thinking in ${e.thinkOpen}…${e.thinkClose}`,
  ].filter(Boolean);
  if (set.length === 0 && e.learned.length === 0) return null;
  return (
    <div className="mt-1 text-xs text-zinc-500" data-testid="endpoint-protocol">
      {set.length > 0 && <span>{set.join(" · ")}</span>}
      {e.learned.length > 0 && <span className="text-amber-800">{set.length ? " · " : ""}learned: {e.learned.join("; ")}</span>}
    </div>
  );
}
