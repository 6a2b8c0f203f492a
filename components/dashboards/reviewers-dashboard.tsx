"use client";
import Link from "next/link";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { ReviewersData, ThroughputRow } from "@/lib/stats";
import { Card, CardHeader } from "@/components/ui/card";
import { n } from "@/components/format";
import { candidatesLink } from "./links";
import { useLive } from "./live";
import { numLink, TableView, td, th } from "./table-toggle";

const PALETTE = ["#3d6bf5", "#10b981", "#f59e0b", "#ef4444", "#8b5cf6", "#06b6d4", "#ec4899", "#84cc16", "#f97316", "#64748b"];

/** Rows of (day, reviewer, decisions) as one row per day with a column per reviewer, every day of the window present. */
export function pivotThroughput(rows: ThroughputRow[], days: number, today = new Date()) {
  const reviewers = [...new Set(rows.map((r) => r.reviewer))].sort();
  const dayList = Array.from({ length: days }, (_, i) => {
    const d = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() - (days - 1 - i)));
    return d.toISOString().slice(0, 10);
  });
  const data = dayList.map((day) => {
    const row: Record<string, string | number> = { day: day.slice(5) };
    for (const r of reviewers) row[r] = rows.find((x) => x.day === day && x.reviewer === r)?.decisions ?? 0;
    return row;
  });
  return { reviewers, data };
}

const fixed = (v: number | null) => (v === null ? "—" : v.toFixed(2));
const pctOf = (v: number | null) => (v === null ? "—" : `${Math.round(v * 100)}%`);

export function ReviewersDashboard({ initial }: { initial: ReviewersData }) {
  const { data } = useLive<ReviewersData>(["stats-reviewers", initial.days], `/api/stats/reviewers?days=${initial.days}`, initial);
  const { throughput, queues, agreement, days } = data ?? initial;
  const { reviewers, data: perDay } = pivotThroughput(throughput, days);
  const queueChart = queues.map((q) => ({ domain: q.slug, waiting: q.waiting - q.inProgress, "in review": q.inProgress, adjudication: q.awaitingAdjudication }));
  return (
    <div className="grid items-start gap-4 xl:grid-cols-3">
      <Card className="xl:col-span-2">
        <CardHeader title="Throughput" description={`Decisions per reviewer per day (UTC), last ${days} days; undone and gold decisions left out.`} />
        <div className="p-4">
          {throughput.length === 0 ? (
            <p className="py-8 text-center text-sm text-zinc-500">No decisions in the last {days} days.</p>
          ) : (
            <div className="h-64 w-full" role="img" aria-label={`Decisions per day: ${reviewers.map((r) => `${r} ${throughput.filter((x) => x.reviewer === r).reduce((s, x) => s + x.decisions, 0)}`).join(", ")}`}>
              <ResponsiveContainer>
                <BarChart data={perDay} margin={{ top: 8, right: 8, left: 0, bottom: 4 }}>
                  <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e4e4e7" />
                  <XAxis dataKey="day" tick={{ fontSize: 11 }} />
                  <YAxis tick={{ fontSize: 12 }} allowDecimals={false} width={40} />
                  <Tooltip cursor={{ fill: "#f4f4f5" }} />
                  <Legend wrapperStyle={{ fontSize: 11 }} />
                  {reviewers.map((r, i) => <Bar key={r} dataKey={r} stackId="r" fill={PALETTE[i % PALETTE.length]} isAnimationActive={false} />)}
                </BarChart>
              </ResponsiveContainer>
            </div>
          )}
          <TableView>
            <table className="min-w-full text-sm" data-testid="throughput-table">
              <thead><tr><th className={th}>Day</th><th className={th}>Reviewer</th><th className={th}>Decisions</th></tr></thead>
              <tbody className="divide-y divide-zinc-100">
                {throughput.map((r) => (
                  <tr key={`${r.day}-${r.reviewerId}`}><td className={td}>{r.day}</td><td className="px-3 py-1.5">{r.reviewer}</td><td className={td}>{n(r.decisions)}</td></tr>
                ))}
              </tbody>
            </table>
          </TableView>
        </div>
      </Card>
      <Card>
        <CardHeader title="Queue depth" description="Teachable items per domain whose review is not final." />
        <div className="p-4">
          <div className="h-48 w-full" role="img" aria-label={`Queue depth: ${queues.map((q) => `${q.slug} ${q.waiting} waiting, ${q.awaitingAdjudication} in adjudication`).join("; ")}`}>
            <ResponsiveContainer>
              <BarChart data={queueChart} layout="vertical" margin={{ top: 4, right: 8, left: 8, bottom: 4 }}>
                <CartesianGrid strokeDasharray="3 3" horizontal={false} stroke="#e4e4e7" />
                <XAxis type="number" tick={{ fontSize: 11 }} allowDecimals={false} />
                <YAxis type="category" dataKey="domain" tick={{ fontSize: 12 }} width={72} />
                <Tooltip cursor={{ fill: "#f4f4f5" }} />
                <Legend wrapperStyle={{ fontSize: 11 }} formatter={(v) => <span className="text-zinc-700">{String(v)}</span>} />
                <Bar dataKey="waiting" stackId="q" fill="#a1a1aa" isAnimationActive={false} />
                <Bar dataKey="in review" stackId="q" fill="#93c5fd" isAnimationActive={false} />
                <Bar dataKey="adjudication" stackId="q" fill="#f59e0b" isAnimationActive={false} />
              </BarChart>
            </ResponsiveContainer>
          </div>
          <TableView>
            <table className="min-w-full text-sm" data-testid="queue-table">
              <thead><tr><th className={th}>Domain</th><th className={th}>Not final</th><th className={th}>In review</th><th className={th}>Adjudication</th></tr></thead>
              <tbody className="divide-y divide-zinc-100">
                {queues.map((q) => (
                  <tr key={q.domainId}>
                    <td className="px-3 py-1.5"><Link href={`/domains/${q.slug}`} className="hover:underline">{q.slug}</Link></td>
                    <td className={td}><Link href={candidatesLink({ domain: q.slug, band: "teachable" })} className={numLink}>{n(q.waiting)}</Link></td>
                    <td className={td}><Link href={candidatesLink({ domain: q.slug, stage: "in_review" })} className={numLink}>{n(q.inProgress)}</Link></td>
                    <td className={td}><Link href={`/review/${q.slug}/adjudicate`} className={numLink}>{n(q.awaitingAdjudication)}</Link></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableView>
        </div>
      </Card>
      <Card className="xl:col-span-3">
        <CardHeader title="Agreement" description="Per domain: κ over items two or more reviewers decided, and each reviewer's agreement with the final outcome." />
        <div className="overflow-x-auto">
          <table className="min-w-full text-sm" data-testid="agreement-table">
            <thead><tr><th className={th}>Domain</th><th className={th}>κ</th><th className={th}>Reviewer</th><th className={th}>Decisions</th><th className={th}>Per hour</th><th className={th}>Accept rate</th><th className={th}>Agrees with final</th><th className={th}>Gold accuracy</th></tr></thead>
            <tbody className="divide-y divide-zinc-100">
              {agreement.flatMap(({ slug, report }) => {
                const kappa = report.domain.enough ? fixed(report.domain.kappa) : `not enough overlap (${report.domain.items})`;
                const head = <td className="px-3 py-1.5"><Link href={`/review/${slug}/agreement`} className="hover:underline">{slug}</Link></td>;
                if (report.reviewers.length === 0) return [<tr key={slug}>{head}<td className={td}>{kappa}</td><td className="px-3 py-1.5 text-zinc-500" colSpan={6}>No decisions yet.</td></tr>];
                return report.reviewers.map((r, i) => (
                  <tr key={`${slug}-${r.reviewerId}`}>
                    {i === 0 ? head : <td />}
                    <td className={td}>{i === 0 ? kappa : ""}</td>
                    <td className="px-3 py-1.5">{r.reviewer}</td>
                    <td className={td}>{n(r.decisions)}</td>
                    <td className={td}>{r.perHour === null ? "—" : r.perHour.toFixed(0)}</td>
                    <td className={td}>{pctOf(r.acceptRate)}</td>
                    <td className={td}>{pctOf(r.agreementWithFinal)}</td>
                    <td className={td}>{r.goldSeen ? `${pctOf(r.goldAccuracy)} of ${r.goldSeen}` : "—"}</td>
                  </tr>
                ));
              })}
            </tbody>
          </table>
        </div>
      </Card>
    </div>
  );
}
