"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import type { BinTarget, DomainChartsData } from "@/lib/stats";
import { api } from "@/components/api";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { Progress } from "@/components/ui/progress";
import { n } from "@/components/format";
import { chartsKey } from "./domain-charts";
import { candidatesLink } from "./links";
import { useLive } from "./live";
import { numLink, TableView, td, th } from "./table-toggle";

/** "1–3 of 8" for a range of pass rates at k, else the rates themselves. */
export function rangeLabel(t: Pick<BinTarget, "low" | "high" | "label">, k: number | null): string {
  if (t.label) return t.label;
  if (k !== null) {
    const a = Math.round(t.low * k);
    const b = Math.round(t.high * k);
    return a === b ? `${a} of ${k}` : `${a}–${b} of ${k}`;
  }
  return `${t.low}–${t.high}`;
}

interface Row { from: string; to: string; target: string }

/**
 * Accepted items against the domain's quota, and against each per-bin target a lead set
 * ("more at 1–3 of 8"). Targets are edited as correct samples out of the domain's k (or as
 * pass rates when its runs used several k) and stored as pass-rate ranges.
 */
export function CoverageCard({ slug, initial, canLead }: { slug: string; initial: DomainChartsData; canLead: boolean }) {
  const { data } = useLive<DomainChartsData>(chartsKey(slug), `/api/stats/domains/${encodeURIComponent(slug)}`, initial);
  const { coverage: c, histogram: h } = data ?? initial;
  const k = h.k;
  const toRow = (t: BinTarget): Row =>
    k !== null ? { from: String(Math.round(t.low * k)), to: String(Math.round(t.high * k)), target: String(t.target) } : { from: String(t.low), to: String(t.high), target: String(t.target) };
  const [editing, setEditing] = useState<Row[] | null>(null);
  const qc = useQueryClient();
  const save = useMutation({
    mutationFn: (rows: Row[]) =>
      api(`/api/domains/${encodeURIComponent(slug)}/bin-targets`, {
        method: "PUT",
        json: {
          targets: rows.map((r) => ({
            low: k !== null ? Number(r.from) / k : Number(r.from),
            high: k !== null ? Number(r.to) / k : Number(r.to),
            target: Number(r.target),
          })),
        },
      }),
    onSuccess: async () => {
      setEditing(null);
      await qc.invalidateQueries({ queryKey: chartsKey(slug) });
    },
  });
  const unit = k !== null ? `correct of ${k}` : "pass rate";
  return (
    <Card data-testid="coverage">
      <CardHeader title="Coverage" description="Accepted items against the quota and against per-difficulty targets." />
      <div className="space-y-3 p-4">
        <div>
          <div className="mb-1 flex justify-between text-xs text-zinc-600">
            <span>All accepted vs quota</span>
            <span className="tabular-nums" data-testid="coverage-total">
              <Link href={candidatesLink({ domain: slug, stage: "accepted" })} className={numLink}>{n(c.accepted)}</Link> / {c.quota ? n(c.quota) : "no quota"}
            </span>
          </div>
          <Progress value={c.quota ? c.accepted / c.quota : 0} label={`${c.accepted} accepted of a quota of ${c.quota}`} />
        </div>
        {c.bins.length === 0 && !editing && <p className="text-xs text-zinc-500">No per-difficulty targets.{canLead && " Set some to steer review toward a part of the histogram."}</p>}
        {!editing &&
          c.bins.map((b, i) => (
            <div key={i} data-testid="coverage-bin">
              <div className="mb-1 flex justify-between text-xs text-zinc-600">
                <span>{rangeLabel(b, k)}</span>
                <span className="tabular-nums">{n(b.accepted)} / {n(b.target)}</span>
              </div>
              <Progress value={b.target ? b.accepted / b.target : 0} label={`${rangeLabel(b, k)}: ${b.accepted} accepted of a target of ${b.target}`} />
            </div>
          ))}
        {!editing && c.bins.length > 0 && (
          <TableView>
            <table className="min-w-full text-sm">
              <thead><tr><th className={th}>Difficulty</th><th className={th}>Accepted</th><th className={th}>Target</th><th className={th}>Still needed</th></tr></thead>
              <tbody className="divide-y divide-zinc-100">
                {c.bins.map((b, i) => (
                  <tr key={i}>
                    <td className="px-3 py-1.5">{rangeLabel(b, k)}</td>
                    <td className={td}>
                      {k !== null && b.low === b.high ? (
                        <Link href={candidatesLink({ domain: slug, stage: "accepted", passes: Math.round(b.low * k), k })} className={numLink}>{n(b.accepted)}</Link>
                      ) : (
                        <Link href={candidatesLink({ domain: slug, stage: "accepted" })} className={numLink}>{n(b.accepted)}</Link>
                      )}
                    </td>
                    <td className={td}>{n(b.target)}</td>
                    <td className={td}>{n(Math.max(0, b.target - b.accepted))}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableView>
        )}
        {canLead && !editing && (
          <Button type="button" variant="secondary" onClick={() => setEditing(c.bins.map(toRow))}>Edit targets</Button>
        )}
        {editing && (
          <form
            className="space-y-2"
            onSubmit={(e) => {
              e.preventDefault();
              save.mutate(editing);
            }}
          >
            {editing.map((r, i) => (
              <div key={i} className="flex items-end gap-2 text-xs text-zinc-600">
                {(["from", "to", "target"] as const).map((f) => (
                  <label key={f} className="flex flex-col">
                    <span>{f === "target" ? "accepted target" : `${f} (${unit})`}</span>
                    <input
                      type="number"
                      min={0}
                      step={k !== null || f === "target" ? 1 : 0.01}
                      value={r[f]}
                      required
                      onChange={(e) => setEditing(editing.map((x, j) => (j === i ? { ...x, [f]: e.target.value } : x)))}
                      className="w-24 rounded-md border border-zinc-300 px-2 py-1 text-sm tabular-nums"
                    />
                  </label>
                ))}
                <button type="button" className="pb-1 text-red-600 hover:underline" onClick={() => setEditing(editing.filter((_, j) => j !== i))}>Remove</button>
              </div>
            ))}
            <div className="flex gap-2">
              <Button type="button" variant="secondary" onClick={() => setEditing([...editing, { from: k !== null ? "1" : "0.1", to: k !== null ? "3" : "0.4", target: "100" }])}>Add a target</Button>
              <Button type="submit" disabled={save.isPending}>Save targets</Button>
              <Button type="button" variant="secondary" onClick={() => setEditing(null)}>Cancel</Button>
            </div>
            {save.error && <p className="text-xs text-red-600" role="alert">{save.error.message}</p>}
          </form>
        )}
      </div>
    </Card>
  );
}
