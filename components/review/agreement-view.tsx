"use client";
import { useQuery } from "@tanstack/react-query";
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { AgreementReport } from "@/lib/review";
import { api } from "@/components/api";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, Td, Th } from "@/components/ui/table";

type AgreementJson = AgreementReport;

const fixed = (v: number | null, d = 2) => (v === null || v === undefined ? "—" : v.toFixed(d));
const pct = (v: number | null) => (v === null || v === undefined ? "—" : `${Math.round(v * 100)}%`);

/** κ, or why there is none: below the minimum overlap a κ says nothing. */
function Kappa({ kappa, items, enough }: { kappa: number | null; items: number; enough: boolean }) {
  if (!enough) return <span className="text-zinc-500" data-testid="not-enough">not enough overlap ({items} items)</span>;
  if (kappa === null) return <span className="text-zinc-500">undefined: every rating was the same ({items} items)</span>;
  return <span className="tabular-nums">{fixed(kappa)} <span className="text-xs text-zinc-500">({items} items)</span></span>;
}

export function AgreementView({ slug }: { slug: string }) {
  const q = useQuery({ queryKey: ["review-agreement", slug], queryFn: () => api<AgreementJson>(`/api/review/agreement?domain=${encodeURIComponent(slug)}`) });
  if (q.isPending) return <Card className="p-6 text-sm text-zinc-500">Loading…</Card>;
  if (q.isError) return <EmptyState title="Agreement is not available">{q.error.message}</EmptyState>;
  const a = q.data;
  const chart = a.reviewers.map((r) => ({ reviewer: r.reviewer.split("@")[0], decisions: r.decisions }));
  return (
    <div className="space-y-4">
      <Card>
        <CardHeader title="Domain agreement" description={a.domain.kind === "cohen" ? "Cohen's κ (two reviewers per item)" : "Fleiss' κ (more than two reviewers per item)"} />
        <div className="px-4 py-4 text-2xl font-semibold" data-testid="domain-kappa"><Kappa {...a.domain} /></div>
      </Card>
      <Card>
        <CardHeader title="Reviewer pairs" description="Cohen's κ over the items both reviewed." />
        {a.pairs.length === 0 ? (
          <p className="px-4 py-4 text-sm text-zinc-500">No two reviewers have decided the same item yet.</p>
        ) : (
          <Table className="rounded-none border-0">
            <thead><tr><Th>Reviewer A</Th><Th>Reviewer B</Th><Th>κ</Th></tr></thead>
            <tbody className="divide-y divide-zinc-100">
              {a.pairs.map((p) => <tr key={`${p.a}|${p.b}`}><Td>{p.a}</Td><Td>{p.b}</Td><Td><Kappa {...p} /></Td></tr>)}
            </tbody>
          </Table>
        )}
      </Card>
      <Card>
        <CardHeader
          title="Reviewers"
          description="Decisions per reviewer (the chart and the table show the same numbers), pace, accept rate, agreement with final outcomes and accuracy on gold items."
        />
        {chart.length > 0 && (
          <div className="h-56 w-full px-2 pt-3" role="img" aria-label={`Decisions per reviewer: ${chart.map((c) => `${c.reviewer} ${c.decisions}`).join(", ")}`}>
            <ResponsiveContainer>
              <BarChart data={chart} margin={{ top: 4, right: 8, left: 0, bottom: 0 }}>
                <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e4e4e7" />
                <XAxis dataKey="reviewer" tick={{ fontSize: 12 }} />
                <YAxis tick={{ fontSize: 12 }} allowDecimals={false} />
                <Tooltip />
                <Bar dataKey="decisions" name="decisions" fill="#3d6bf5" isAnimationActive={false} />
              </BarChart>
            </ResponsiveContainer>
          </div>
        )}
        <Table className="rounded-none border-0">
          <thead>
            <tr><Th>Reviewer</Th><Th className="text-right">Decisions</Th><Th className="text-right">Per hour</Th><Th className="text-right">Accept rate</Th><Th className="text-right">Agrees with final</Th><Th className="text-right">Gold accuracy</Th></tr>
          </thead>
          <tbody className="divide-y divide-zinc-100">
            {a.reviewers.map((r) => (
              <tr key={r.reviewer} data-testid="reviewer-row">
                <Td>{r.reviewer}</Td>
                <Td className="text-right tabular-nums">{r.decisions}</Td>
                <Td className="text-right tabular-nums">{fixed(r.perHour, 1)}</Td>
                <Td className="text-right tabular-nums">{pct(r.acceptRate)}</Td>
                <Td className="text-right tabular-nums">{pct(r.agreementWithFinal)}</Td>
                <Td className="text-right tabular-nums">{r.goldSeen ? `${pct(r.goldAccuracy)} of ${r.goldSeen}` : "—"}</Td>
              </tr>
            ))}
          </tbody>
        </Table>
      </Card>
    </div>
  );
}
