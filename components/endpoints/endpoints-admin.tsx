"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { api } from "@/components/api";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { FormError } from "@/components/ui/form";
import { Table, Td, Th } from "@/components/ui/table";
import { Reasoning } from "@/components/scoring/reasoning";
import { EndpointForm } from "./endpoint-form";
import { ProtocolSummary } from "./protocol-fields";
import type { EndpointRow, TestResult } from "./types";

export function SimulatedBadge() {
  return <Badge tone="violet">simulated</Badge>;
}

function keyLabel(e: EndpointRow) {
  if (e.apiKeyEnv) return <code className="font-mono text-xs">${e.apiKeyEnv}</code>;
  return e.hasStoredKey ? "stored (encrypted)" : <span className="text-zinc-400">none</span>;
}

function TestOutcome({ result }: { result: TestResult }) {
  if (result.ok) {
    return (
      <div role="status" className="space-y-1 rounded-md border border-emerald-200 bg-emerald-50 px-3 py-2 text-xs text-emerald-800">
        <div>Answered in {result.latencyMs} ms: <span className="whitespace-pre-wrap font-mono">{result.answer || "(no answer)"}</span></div>
        <Reasoning text={result.reasoning ?? null} tokens={result.reasoningTokens} />
        {result.note && <div className="text-amber-800">{result.note}</div>}
        {result.learned && result.learned.length > 0 && <div>Learned and remembered: {result.learned.join("; ")}.</div>}
      </div>
    );
  }
  const { kind, status, message } = result.error;
  return (
    <div role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-xs text-red-700">
      <span className="font-semibold">{kind}{status ? ` (HTTP ${status})` : ""}:</span> <span className="font-mono">{message}</span>
      {result.learned && result.learned.length > 0 && <div className="mt-1 text-zinc-700">Learned on the way: {result.learned.join("; ")}.</div>}
    </div>
  );
}

export function EndpointsAdmin({ endpoints }: { endpoints: EndpointRow[] }) {
  const router = useRouter();
  const [editing, setEditing] = useState<number | "new" | null>(endpoints.length === 0 ? "new" : null);
  const [results, setResults] = useState<Record<number, TestResult>>({});
  const test = useMutation({
    mutationFn: (id: number) => api<TestResult>(`/api/endpoints/${id}/test`, { method: "POST" }),
    onSuccess: (r, id) => {
      setResults((prev) => ({ ...prev, [id]: r }));
      if ((r.learned?.length ?? 0) > 0) router.refresh(); // the row shows what was learned
    },
  });
  const remove = useMutation({
    mutationFn: (id: number) => api(`/api/endpoints/${id}`, { method: "DELETE" }),
    onSuccess: () => router.refresh(),
  });
  const done = () => {
    setEditing(null);
    router.refresh();
  };
  const current = typeof editing === "number" ? endpoints.find((e) => e.id === editing) : undefined;

  return (
    <div className="space-y-6">
      <FormError message={remove.error?.message ?? test.error?.message} />
      {endpoints.length === 0 ? (
        <EmptyState title="No model endpoints yet">Add an OpenAI-compatible server (OpenAI, vLLM, SGLang, Ollama, llama.cpp) to score candidates against.</EmptyState>
      ) : (
        <Table>
          <thead><tr><Th>Endpoint</Th><Th>Roles</Th><Th>Limits</Th><Th>Price / 1M</Th><Th>Key</Th><Th /></tr></thead>
          <tbody className="divide-y divide-zinc-100">
            {endpoints.map((e) => (
              <tr key={e.id}>
                <Td>
                  <div className="flex items-center gap-2 font-medium text-zinc-900">{e.name} {e.simulated && <SimulatedBadge />}</div>
                  <div className="text-xs text-zinc-500"><code className="font-mono">{e.model}</code> at {e.baseUrl}</div>
                  <ProtocolSummary e={e} />
                  {results[e.id] && <div className="mt-2 max-w-xl"><TestOutcome result={results[e.id]} /></div>}
                </Td>
                <Td><div className="flex flex-wrap gap-1">{e.roles.map((r) => <Badge key={r} tone="blue">{r}</Badge>)}</div></Td>
                <Td className="whitespace-nowrap text-xs">
                  {e.maxConcurrent} in flight
                  {e.requestsPerMinute !== null && <div>{e.requestsPerMinute.toLocaleString()} req/min</div>}
                  {e.tokensPerMinute !== null && <div>{e.tokensPerMinute.toLocaleString()} tok/min</div>}
                </Td>
                <Td className="whitespace-nowrap text-xs">${e.priceInput} in · ${e.priceOutput} out</Td>
                <Td className="text-xs">{keyLabel(e)}</Td>
                <Td className="whitespace-nowrap text-right">
                  <div className="flex justify-end gap-1.5">
                    <Button variant="secondary" disabled={test.isPending && test.variables === e.id} onClick={() => test.mutate(e.id)}>
                      {test.isPending && test.variables === e.id ? "Testing…" : "Test connection"}
                    </Button>
                    <Button variant="ghost" onClick={() => setEditing(e.id)}>Edit</Button>
                    <Button
                      variant="danger"
                      disabled={remove.isPending}
                      onClick={() => {
                        if (confirm(`Delete the endpoint "${e.name}"? Runs that used it keep their results.`)) remove.mutate(e.id);
                      }}
                    >
                      Delete
                    </Button>
                  </div>
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      {editing === null ? (
        <Button onClick={() => setEditing("new")}>Add an endpoint</Button>
      ) : (
        <EndpointForm key={String(editing)} endpoint={current} onDone={done} />
      )}
    </div>
  );
}
