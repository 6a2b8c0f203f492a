"use client";
import { keepPreviousData, useMutation, useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useMemo, useState } from "react";
import { api } from "@/components/api";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { Field, FormError, Input, Select } from "@/components/ui/form";
import { compact, n } from "@/components/format";
import type { MixtureJson, MixturePreview } from "./types";

export interface SnapshotChoice {
  id: number;
  domain: string;
  domainName: string;
  version: number;
  itemCount: number;
}

type Pick = { snapshotId: number | null; epochs: string; weight: string };

/**
 * Build a mixture: at most one snapshot per domain (one row per domain makes that the only
 * thing you can express), epochs or a weight each, a live preview of rows and tokens per
 * domain, then save (the same name saves the next version).
 */
export function MixtureBuilder({ snapshots }: { snapshots: SnapshotChoice[] }) {
  const router = useRouter();
  const domains = useMemo(() => {
    const m = new Map<string, { name: string; versions: SnapshotChoice[] }>();
    for (const s of snapshots) {
      const d = m.get(s.domain) ?? { name: s.domainName, versions: [] };
      d.versions.push(s);
      m.set(s.domain, d);
    }
    return [...m.entries()].sort(([a], [b]) => a.localeCompare(b));
  }, [snapshots]);
  const [mode, setMode] = useState<"epochs" | "weights">("epochs");
  const [name, setName] = useState("");
  const [seed, setSeed] = useState("");
  const [picks, setPicks] = useState<Record<string, Pick>>({});
  const pick = (domain: string): Pick => picks[domain] ?? { snapshotId: null, epochs: "1", weight: "1" };
  const update = (domain: string, p: Partial<Pick>) => setPicks((all) => ({ ...all, [domain]: { ...pick(domain), ...p } }));

  const entries = domains
    .map(([d]) => pick(d))
    .filter((p) => p.snapshotId !== null)
    .map((p) => (mode === "epochs" ? { snapshotId: p.snapshotId!, epochs: Number(p.epochs) } : { snapshotId: p.snapshotId!, weight: Number(p.weight) }));
  const body = { name: name.trim() || "preview", mode, entries, seed: seed === "" ? undefined : Number(seed) };
  const preview = useQuery({
    queryKey: ["mixture-preview", body],
    enabled: entries.length > 0,
    queryFn: () => api<MixturePreview>("/api/mixtures/preview", { method: "POST", json: body }),
    placeholderData: keepPreviousData,
    retry: false,
  });
  const save = useMutation({
    mutationFn: () => api<MixtureJson>("/api/mixtures", { method: "POST", json: { ...body, name: name.trim() } }),
    onSuccess: (m) => router.push(`/mixtures/${m.id}`),
  });
  const shown = entries.length > 0 ? preview.data : undefined;
  // The last preview stays on screen, greyed, while the one for the current picks loads.
  const stale = preview.isPlaceholderData;
  const num = `text-right tabular-nums${stale ? " opacity-40" : ""}`;
  const row = (domain: string) => shown?.perDomain.find((p) => p.domain === domain);

  return (
    <Card>
      <CardHeader title="New mixture" description="Pick one snapshot per domain and how much of it goes in. Domains are tuned on their own and merged additively." />
      <form className="space-y-4 p-4" onSubmit={(e) => { e.preventDefault(); save.mutate(); }}>
        <div className="grid gap-3 sm:grid-cols-3">
          <Field label="Name" hint="Saving an existing name makes its next version."><Input value={name} onChange={(e) => setName(e.target.value)} required maxLength={200} placeholder="phi-sft-mix" /></Field>
          <Field label="Mode">
            <Select value={mode} onChange={(e) => setMode(e.target.value as "epochs" | "weights")}>
              <option value="epochs">Epochs (repeat rows)</option>
              <option value="weights">Weights (a weight per row)</option>
            </Select>
          </Field>
          <Field label="Shuffle seed" hint="Recorded with the mixture; exports shuffle with it."><Input type="number" min={0} value={seed} onChange={(e) => setSeed(e.target.value)} placeholder="none" /></Field>
        </div>
        {domains.length === 0 ? (
          <p className="text-sm text-zinc-500">No snapshot yet: freeze one on a domain's page first.</p>
        ) : (
          <table className="min-w-full text-sm" aria-label="Mixture entries" aria-busy={stale}>
            <thead>
              <tr className="text-left text-xs uppercase tracking-wide text-zinc-500">
                <th className="py-1 pr-3 font-medium">Domain</th><th className="py-1 pr-3 font-medium">Snapshot</th>
                <th className="py-1 pr-3 font-medium">{mode === "epochs" ? "Epochs" : "Weight"}</th>
                <th className="py-1 pr-3 text-right font-medium">Rows</th><th className="py-1 pr-3 text-right font-medium">Tokens</th><th className="py-1 text-right font-medium">Share</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-100">
              {domains.map(([domain, d]) => {
                const p = pick(domain);
                const r = row(domain);
                return (
                  <tr key={domain} data-domain={domain}>
                    <td className="py-2 pr-3 font-medium text-zinc-900">{d.name}</td>
                    <td className="py-2 pr-3">
                      <Select aria-label={`Snapshot of ${d.name}`} value={p.snapshotId ?? ""} onChange={(e) => update(domain, { snapshotId: e.target.value ? Number(e.target.value) : null })}>
                        <option value="">— not in this mixture —</option>
                        {d.versions.map((s) => <option key={s.id} value={s.id}>v{s.version} · {n(s.itemCount)} items</option>)}
                      </Select>
                    </td>
                    <td className="py-2 pr-3">
                      {mode === "epochs" ? (
                        <Input aria-label={`Epochs for ${d.name}`} type="number" min={1} max={1000} step={1} className="w-24" value={p.epochs} disabled={p.snapshotId === null} onChange={(e) => update(domain, { epochs: e.target.value })} />
                      ) : (
                        <Input aria-label={`Weight for ${d.name}`} type="number" min={0} step="any" className="w-24" value={p.weight} disabled={p.snapshotId === null} onChange={(e) => update(domain, { weight: e.target.value })} />
                      )}
                    </td>
                    <td className={`py-2 pr-3 ${num}`} data-rows>{r ? n(r.rows) : "—"}</td>
                    <td className={`py-2 pr-3 ${num}`}>{r ? compact(r.tokens) : "—"}</td>
                    <td className={`py-2 ${num}`}>{r ? `${(r.share * 100).toFixed(1)}%` : "—"}</td>
                  </tr>
                );
              })}
            </tbody>
            {shown && (
              <tfoot>
                <tr className="border-t border-zinc-200 font-medium">
                  <td className="py-2 pr-3" colSpan={3}>Total</td>
                  <td className={`py-2 pr-3 ${num}`} data-total-rows>{n(shown.rows)}</td>
                  <td className={`py-2 pr-3 ${num}`}>{compact(shown.tokens)}</td>
                  <td />
                </tr>
              </tfoot>
            )}
          </table>
        )}
        <FormError message={(entries.length > 0 && preview.error?.message) || save.error?.message} />
        <div className="flex justify-end">
          <Button type="submit" disabled={save.isPending || entries.length === 0 || !name.trim() || !!preview.error}>{save.isPending ? "Saving…" : "Save mixture"}</Button>
        </div>
      </form>
    </Card>
  );
}
