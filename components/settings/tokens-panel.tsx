"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { api } from "@/components/api";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Field, FormError, Input } from "@/components/ui/form";
import { Table, Td, Th } from "@/components/ui/table";
import { ago } from "@/components/format";

interface Token { id: number; name: string; prefix: string; createdAt: string; lastUsedAt: string | null; revokedAt: string | null }

export function TokensPanel({ tokens }: { tokens: Token[] }) {
  const router = useRouter();
  const [fresh, setFresh] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: (name: string) => api<{ token: string }>("/api/tokens", { method: "POST", json: { name } }),
    onSuccess: (t) => {
      setFresh(t.token);
      router.refresh();
    },
  });
  const revoke = useMutation({ mutationFn: (id: number) => api(`/api/tokens/${id}`, { method: "DELETE" }), onSuccess: () => router.refresh() });

  return (
    <div className="space-y-6">
      <form
        className="flex items-end gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate(String(new FormData(e.currentTarget).get("name")));
          e.currentTarget.reset();
        }}
      >
        <Field label="New token name"><Input name="name" required placeholder="laptop CLI" className="w-64" /></Field>
        <Button type="submit" disabled={create.isPending}>Create token</Button>
      </form>
      <FormError message={create.error?.message ?? revoke.error?.message} />
      {fresh && (
        <div role="status" className="rounded-md border border-amber-200 bg-amber-50 p-3 text-sm">
          <div className="font-medium text-amber-900">Copy your token now — it will not be shown again.</div>
          <code className="mt-2 block break-all rounded bg-white px-2 py-1 font-mono text-xs" data-testid="new-token">{fresh}</code>
          <div className="mt-2 text-xs text-amber-900">Use it as <code>EDGEWISE_TOKEN=… npx edgewise import pool.jsonl --domain math</code>, or <code>Authorization: Bearer …</code>.</div>
        </div>
      )}
      {tokens.length === 0 ? (
        <p className="text-sm text-zinc-500">No tokens yet. Tokens act with your role, for the CLI and automation.</p>
      ) : (
        <Table>
          <thead><tr><Th>Name</Th><Th>Token</Th><Th>Created</Th><Th>Last used</Th><Th>Status</Th><Th /></tr></thead>
          <tbody className="divide-y divide-zinc-100">
            {tokens.map((t) => (
              <tr key={t.id}>
                <Td className="font-medium">{t.name}</Td>
                <Td className="font-mono text-xs">{t.prefix}…</Td>
                <Td className="text-xs">{ago(t.createdAt)}</Td>
                <Td className="text-xs">{t.lastUsedAt ? ago(t.lastUsedAt) : "never"}</Td>
                <Td>{t.revokedAt ? <Badge tone="red">revoked</Badge> : <Badge tone="green">active</Badge>}</Td>
                <Td className="text-right">{!t.revokedAt && <Button variant="danger" onClick={() => revoke.mutate(t.id)}>Revoke</Button>}</Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </div>
  );
}
