"use client";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { api, ApiError } from "@/components/api";
import { Button } from "@/components/ui/button";
import { Field, FormError, Input, Select } from "@/components/ui/form";
import { endpointRoles, KEY_ENV_PREFIX } from "@/lib/models/endpoint-schema";
import { ProtocolFields, protocolBody } from "./protocol-fields";
import type { EndpointRow } from "./types";

type KeySource = "none" | "env" | "stored";

/** Empty number fields mean "no limit" (null), not 0. */
const optionalNumber = (v: FormDataEntryValue | null) => (v === null || String(v).trim() === "" ? null : Number(v));

/** Create (no endpoint) or edit form. A stored key is never shown: typing one replaces it. */
export function EndpointForm({ endpoint, onDone }: { endpoint?: EndpointRow; onDone: () => void }) {
  const initialSource: KeySource = endpoint?.apiKeyEnv ? "env" : endpoint?.hasStoredKey ? "stored" : "none";
  const [source, setSource] = useState<KeySource>(initialSource);
  // A stored key is never sent to a new server: moving the URL asks for the key again (the API refuses otherwise).
  const [baseUrl, setBaseUrl] = useState(endpoint?.baseUrl ?? "");
  const urlMoved = !!endpoint?.hasStoredKey && baseUrl.trim().replace(/\/+$/, "") !== endpoint.baseUrl;
  const save = useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      endpoint ? api(`/api/endpoints/${endpoint.id}`, { method: "PATCH", json: body }) : api("/api/endpoints", { method: "POST", json: body }),
    onSuccess: onDone,
  });
  const err = save.error instanceof ApiError ? save.error : null;

  function submit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const body: Record<string, unknown> = {
      name: f.get("name"),
      baseUrl: f.get("baseUrl"),
      model: f.get("model"),
      roles: f.getAll("roles"),
      maxConcurrent: Number(f.get("maxConcurrent")),
      requestsPerMinute: optionalNumber(f.get("requestsPerMinute")),
      tokensPerMinute: optionalNumber(f.get("tokensPerMinute")),
      priceInput: Number(f.get("priceInput") || 0),
      priceOutput: Number(f.get("priceOutput") || 0),
      simulated: f.get("simulated") === "on",
      ...protocolBody(f),
    };
    const typedKey = String(f.get("apiKey") ?? "").trim();
    if (source === "env") body.apiKeyEnv = f.get("apiKeyEnv");
    else if (endpoint) body.apiKeyEnv = null;
    if (source === "stored" && typedKey) body.apiKey = typedKey;
    if (source !== "stored" && endpoint?.hasStoredKey) body.apiKey = null; // switching away removes it
    save.mutate(body);
  }

  return (
    <form onSubmit={submit} className="space-y-4 rounded-lg border border-zinc-200 bg-white p-4" aria-label={endpoint ? `Edit ${endpoint.name}` : "Add an endpoint"}>
      <h2 className="text-sm font-semibold">{endpoint ? `Edit ${endpoint.name}` : "Add an endpoint"}</h2>
      <FormError message={err && !err.issues.length ? err.message : null} />
      <div className="grid gap-3 sm:grid-cols-3">
        <Field label="Name" error={err?.field("name")}><Input name="name" required defaultValue={endpoint?.name} /></Field>
        <Field label="Base URL" error={err?.field("baseUrl")} hint="OpenAI-compatible, e.g. https://api.openai.com/v1"><Input name="baseUrl" type="url" required value={baseUrl} onChange={(e) => setBaseUrl(e.target.value)} /></Field>
        <Field label="Model" error={err?.field("model")}><Input name="model" required defaultValue={endpoint?.model} /></Field>
      </div>

      <div className="grid gap-3 sm:grid-cols-3">
        <Field label="API key">
          <Select value={source} onChange={(e) => setSource(e.target.value as KeySource)}>
            <option value="none">None (local server)</option>
            <option value="env">From an environment variable</option>
            <option value="stored">Stored encrypted</option>
          </Select>
        </Field>
        {source === "env" && (
          <Field label="Variable name" error={err?.field("apiKeyEnv")} hint={`Set on every worker: ${KEY_ENV_PREFIX}<NAME> or a provider's usual name (OPENAI_API_KEY, ANTHROPIC_API_KEY, …)`}>
            <Input name="apiKeyEnv" required defaultValue={endpoint?.apiKeyEnv ?? ""} autoComplete="off" />
          </Field>
        )}
        {source === "stored" && (
          <Field
            label="Key"
            error={err?.field("apiKey")}
            hint={urlMoved ? "New base URL: type the key again (a stored key is never sent to a new server)" : endpoint?.hasStoredKey ? "A key is stored; leave empty to keep it" : "Stored encrypted, never shown again"}
          >
            <Input name="apiKey" type="password" required={!endpoint?.hasStoredKey || urlMoved} autoComplete="off" />
          </Field>
        )}
      </div>

      <fieldset>
        <legend className="mb-1 text-xs font-medium text-zinc-700">Roles</legend>
        <div className="flex gap-4 text-sm">
          {endpointRoles.map((r) => (
            <label key={r} className="flex items-center gap-1.5">
              <input type="checkbox" name="roles" value={r} defaultChecked={endpoint ? endpoint.roles.includes(r) : r === "target"} /> {r}
            </label>
          ))}
        </div>
        {err?.field("roles") && <span className="mt-1 block text-xs text-red-600">{err.field("roles")}</span>}
      </fieldset>

      <div className="grid gap-3 sm:grid-cols-5">
        <Field label="Max concurrent" error={err?.field("maxConcurrent")}><Input name="maxConcurrent" type="number" min={1} required defaultValue={endpoint?.maxConcurrent ?? 8} /></Field>
        <Field label="Requests / min" error={err?.field("requestsPerMinute")} hint="Empty: no limit"><Input name="requestsPerMinute" type="number" min={1} defaultValue={endpoint?.requestsPerMinute ?? ""} /></Field>
        <Field label="Tokens / min" error={err?.field("tokensPerMinute")} hint="Empty: no limit"><Input name="tokensPerMinute" type="number" min={1} defaultValue={endpoint?.tokensPerMinute ?? ""} /></Field>
        <Field label="$ / 1M input tokens" error={err?.field("priceInput")}><Input name="priceInput" type="number" min={0} step="any" defaultValue={endpoint?.priceInput ?? 0} /></Field>
        <Field label="$ / 1M output tokens" error={err?.field("priceOutput")}><Input name="priceOutput" type="number" min={0} step="any" defaultValue={endpoint?.priceOutput ?? 0} /></Field>
      </div>

      <ProtocolFields endpoint={endpoint} fieldError={(name) => err?.field(name)} />

      <label className="flex items-center gap-1.5 text-sm">
        <input type="checkbox" name="simulated" defaultChecked={endpoint?.simulated ?? false} /> Simulated (the bundled simulator; labelled everywhere)
      </label>

      <div className="flex gap-2">
        <Button type="submit" disabled={save.isPending}>{endpoint ? "Save" : "Add endpoint"}</Button>
        <Button type="button" variant="secondary" onClick={onDone}>Cancel</Button>
      </div>
    </form>
  );
}
