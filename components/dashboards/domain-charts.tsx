"use client";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import type { BandPreview, DomainChartsData } from "@/lib/stats";
import { api } from "@/components/api";
import { bandColor, bandLabel } from "@/components/scoring/band";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { n } from "@/components/format";
import { candidatesLink, stageOfStatus } from "./links";
import { LIVE_INTERVAL_MS, useLive } from "./live";
import { STATUSES, StatusHistogramChart, axisCaption, statusLabel } from "./status-histogram";
import { numLink, TableView, td, th } from "./table-toggle";

export const chartsKey = (slug: string) => ["stats-domain", slug] as const;

/** The debounced value: the preview asks the server once the lead stops typing or dragging. */
function useSettled<T>(value: T, ms = 200): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return settled;
}

const PREVIEW_BANDS = ["teachable", "too_easy", "too_hard", "unverifiable"] as const;

/**
 * The domain's pass-rate histogram stacked by review status, with its teachable band shaded.
 * A lead types or drags new edges: the shading moves at once and the band counts for those
 * edges come from the server (computed from stored pass rates, nothing written) before saving.
 */
export function DomainHistogram({ slug, initial, canLead }: { slug: string; initial: DomainChartsData; canLead: boolean }) {
  const { data } = useLive<DomainChartsData>(chartsKey(slug), `/api/stats/domains/${encodeURIComponent(slug)}`, initial);
  const models = (data ?? initial).models ?? [];
  // One target model's pass rates instead of the domain's difficulty (issue 15): its own bins, its own k.
  const [model, setModel] = useState("");
  const byModel = useQuery({
    queryKey: [...chartsKey(slug), "model", model],
    queryFn: () => api<DomainChartsData>(`/api/stats/domains/${encodeURIComponent(slug)}?model=${model}`),
    enabled: model !== "",
    refetchInterval: LIVE_INTERVAL_MS,
  });
  const basisH = (data ?? initial).histogram;
  const modelView = model !== "" && byModel.data ? byModel.data.histogram : null;
  const h = modelView ?? basisH;
  const [edges, setEdges] = useState({ low: basisH.bandLow, high: basisH.bandHigh });
  const saved = edges.low === h.bandLow && edges.high === h.bandHigh;
  const valid = edges.low >= 0 && edges.high <= 1 && edges.low < edges.high;
  const asked = useSettled(edges);
  const qc = useQueryClient();
  const router = useRouter();
  const current = useQuery({
    queryKey: ["band-preview", slug, h.bandLow, h.bandHigh],
    queryFn: () => api<BandPreview>(`/api/stats/domains/${encodeURIComponent(slug)}/band-preview?low=${h.bandLow}&high=${h.bandHigh}`),
    enabled: canLead,
    refetchInterval: LIVE_INTERVAL_MS, // scores land while a run goes on
  });
  const preview = useQuery({
    queryKey: ["band-preview", slug, asked.low, asked.high],
    queryFn: () => api<BandPreview>(`/api/stats/domains/${encodeURIComponent(slug)}/band-preview?low=${asked.low}&high=${asked.high}`),
    enabled: canLead && !saved && asked.low < asked.high && asked.low >= 0 && asked.high <= 1,
    placeholderData: keepPreviousData,
  });
  // Until the counts for the edges on screen arrive, the column shows the last ones greyed out
  // (and the table is aria-busy): numbers for edges half-typed must not read as these edges'.
  const previewPending = !saved && (asked.low !== edges.low || asked.high !== edges.high || preview.isPlaceholderData || preview.isPending);
  const save = useMutation({
    mutationFn: () => api(`/api/domains/${encodeURIComponent(slug)}`, { method: "PATCH", json: { bandLow: edges.low, bandHigh: edges.high } }),
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: chartsKey(slug) });
      await qc.invalidateQueries({ queryKey: ["band-preview", slug] });
      router.refresh(); // the band counts card and the settings form are server-rendered
    },
  });
  const setEdge = (which: "low" | "high") => (e: React.ChangeEvent<HTMLInputElement>) => {
    const v = Number(e.target.value);
    if (Number.isFinite(v)) setEdges((x) => ({ ...x, [which]: Math.round(v * 1000) / 1000 }));
  };
  const shown = canLead && !saved && valid ? edges : { low: h.bandLow, high: h.bandHigh };
  const scored = h.bins.reduce((s, b) => s + b.total, 0);
  return (
    <Card>
      <CardHeader
        title="Pass rates by review status"
        description={`Scored candidates by ${axisCaption(h)}, stacked by review status; the shaded area is the teachable band (${shown.low} < pass rate < ${shown.high}).`}
      />
      <div className="p-4">
        {models.length > 1 && (
          <label className="mb-3 flex items-center gap-2 text-xs text-zinc-600">
            Pass rates of
            <select value={model} onChange={(e) => setModel(e.target.value)} aria-label="Histogram: whose pass rates" className="rounded-md border border-zinc-300 px-2 py-1 text-sm">
              <option value="">the domain&apos;s difficulty (its basis; bands follow it)</option>
              {models.map((m) => <option key={m.endpointId} value={m.endpointId}>{m.name} ({m.model})</option>)}
            </select>
            {model !== "" && !modelView && <span>Loading…</span>}
          </label>
        )}
        {modelView && (
          <p className="mb-2 text-xs text-zinc-500" data-testid="histogram-model">
            Showing {models.find((m) => String(m.endpointId) === model)?.name ?? "one model"}&apos;s own pass rates. Bands and the links below follow the domain&apos;s difficulty.
          </p>
        )}
        {scored === 0 ? (
          <p className="py-8 text-center text-sm text-zinc-500">No scores yet. Bars appear as candidates are scored.</p>
        ) : (
          <>
            <StatusHistogramChart h={h} low={shown.low} high={shown.high} />
            {h.k !== null && !modelView && (
              <nav aria-label="Candidates per bar" className="mt-1 flex flex-wrap gap-x-3 gap-y-1 text-xs">
                {h.bins.filter((b) => b.total > 0).map((b) => (
                  <Link key={b.bin} href={candidatesLink({ domain: slug, passes: b.bin, k: h.k! })} className="tabular-nums text-accent-700 hover:underline" aria-label={`${b.label} correct: ${n(b.total)} candidates`}>
                    {b.label} · {n(b.total)}
                  </Link>
                ))}
              </nav>
            )}
          </>
        )}
        {h.unverifiable > 0 && (
          <p className="mt-1 text-xs text-zinc-500">
            Plus <Link href={candidatesLink({ domain: slug, band: "unverifiable" })} className={numLink}>{n(h.unverifiable)}</Link> unverifiable (no pass rate), not in the bars.
          </p>
        )}
        {canLead && (
          <fieldset className="mt-4 rounded-lg border border-zinc-200 p-3" data-testid="band-editor">
            <legend className="px-1 text-xs font-medium text-zinc-600">Teachable band: preview before saving</legend>
            <div className="grid gap-3 sm:grid-cols-2">
              {(["low", "high"] as const).map((which) => (
                <label key={which} className="text-xs text-zinc-600">
                  <span className="mb-1 block">{which === "low" ? "Low edge (exclusive)" : "High edge (exclusive)"}</span>
                  <div className="flex items-center gap-2">
                    <input type="range" min={0} max={1} step={0.005} value={edges[which]} onChange={setEdge(which)} aria-label={`Band ${which} edge slider`} className="flex-1 accent-emerald-600" />
                    <input type="number" min={0} max={1} step={0.01} value={edges[which]} onChange={setEdge(which)} aria-label={`Band ${which} edge`} className="w-20 rounded-md border border-zinc-300 px-2 py-1 text-sm tabular-nums" />
                  </div>
                </label>
              ))}
            </div>
            {!valid && <p className="mt-2 text-xs text-red-600">The low edge must be below the high edge, both between 0 and 1.</p>}
            <table className="mt-3 min-w-full text-sm" aria-label="Band counts: now and with the proposed edges" aria-busy={previewPending}>
              <thead><tr><th className={th}>Band</th><th className={th}>Now</th><th className={th}>With these edges</th></tr></thead>
              <tbody className="divide-y divide-zinc-100">
                {PREVIEW_BANDS.map((b) => (
                  <tr key={b}>
                    <td className="px-3 py-1.5"><span className="mr-1.5 inline-block h-2 w-2 rounded-sm" style={{ background: bandColor[b] }} aria-hidden />{bandLabel[b]}</td>
                    <td className={td} data-testid={`band-now-${b}`}><Link href={candidatesLink({ domain: slug, band: b })} className={numLink}>{current.data ? n(current.data[b]) : "…"}</Link></td>
                    <td className={previewPending ? `${td} opacity-40` : td} data-testid={`band-preview-${b}`}>{saved ? "—" : preview.data ? n(preview.data[b]) : "…"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <div className="mt-3 flex items-center gap-2">
              <Button type="button" onClick={() => save.mutate()} disabled={saved || !valid || save.isPending}>{save.isPending ? "Saving…" : "Save band"}</Button>
              {!saved && <Button type="button" variant="secondary" onClick={() => setEdges({ low: h.bandLow, high: h.bandHigh })}>Reset</Button>}
              {save.error && <span className="text-xs text-red-600" role="alert">{save.error.message}</span>}
            </div>
          </fieldset>
        )}
        <TableView>
          <table className="min-w-full text-sm" data-testid="histogram-table">
            <thead>
              <tr><th className={th}>Bin</th><th className={th}>All</th>{STATUSES.map((s) => <th key={s} className={th}>{statusLabel[s]}</th>)}</tr>
            </thead>
            <tbody className="divide-y divide-zinc-100">
              {h.bins.map((b) => {
                const bar = h.k !== null && !modelView ? { domain: slug, passes: b.bin, k: h.k } : null;
                return (
                  <tr key={b.bin}>
                    <td className="px-3 py-1.5">{b.label}</td>
                    <td className={td}>{bar && b.total ? <Link href={candidatesLink(bar)} className={numLink}>{n(b.total)}</Link> : n(b.total)}</td>
                    {STATUSES.map((s) => (
                      <td key={s} className={td}>
                        {bar && b.byStatus[s] && stageOfStatus[s] ? <Link href={candidatesLink({ ...bar, stage: stageOfStatus[s] })} className={numLink}>{n(b.byStatus[s])}</Link> : n(b.byStatus[s])}
                      </td>
                    ))}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </TableView>
      </div>
    </Card>
  );
}
