"use client";
import Link from "next/link";
import { Bar, BarChart, CartesianGrid, Cell, LabelList, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { DomainOverview, Funnel, OverviewData } from "@/lib/stats";
import { bandColor, bandLabel } from "@/components/scoring/band";
import { Card, CardHeader } from "@/components/ui/card";
import { Progress } from "@/components/ui/progress";
import { n } from "@/components/format";
import { candidatesLink } from "./links";
import { useLive } from "./live";
import { numLink, TableView, td, th } from "./table-toggle";

const BANDS = ["teachable", "too_easy", "too_hard", "unverifiable"] as const;
const plural = (count: number, noun: string) => `${n(count)} ${noun}${count === 1 ? "" : "s"}`;
const pct = (part: number, whole: number) => (whole ? `${((part / whole) * 100).toFixed(0)}%` : "—");

/** The Overview's live part: a card per domain, the funnel across domains, the last 24 hours. */
export function OverviewDashboard({ initial, canLead }: { initial: OverviewData; canLead: boolean }) {
  const { data } = useLive<OverviewData>(["stats-overview"], "/api/stats/overview", initial);
  const { domains, funnel, changes } = data ?? initial;
  return (
    <>
      <div className="grid gap-4 md:grid-cols-2 xl:grid-cols-3">
        {domains.map((d) => <DomainCard key={d.id} d={d} canLead={canLead} />)}
      </div>
      <div className="mt-6 grid items-start gap-4 xl:grid-cols-3">
        <Card className="xl:col-span-2">
          <CardHeader title="Funnel" description={`Across ${domains.length === 1 ? "the domain" : `${domains.length} domains`}: imported → scored → teachable → reviewed → accepted.`} />
          <div className="p-4"><FunnelChart funnel={funnel} /></div>
        </Card>
        <Card>
          <CardHeader title="Last 24 hours" description="Imports, finished scoring runs, review decisions and snapshots." />
          <ul className="divide-y divide-zinc-100 text-sm" data-testid="changes-24h">
            {changes.map((c) => (
              <li key={c.domainId} className="px-4 py-2">
                <Link href={`/domains/${c.slug}`} className="font-medium hover:underline">{c.slug}</Link>
                <div className="text-xs tabular-nums text-zinc-600">
                  {plural(c.imports, "import")}{c.imported > 0 && ` (+${n(c.imported)} rows)`} · {plural(c.runsFinished, "run")} finished · {plural(c.decisions, "decision")} · {plural(c.snapshots, "snapshot")}
                </div>
              </li>
            ))}
          </ul>
        </Card>
      </div>
    </>
  );
}

function DomainCard({ d, canLead }: { d: DomainOverview; canLead: boolean }) {
  const link = "font-medium text-accent-600 hover:underline";
  return (
    <Card className="p-4" data-testid={`domain-card-${d.slug}`}>
      <div className="flex items-start justify-between">
        <div>
          <Link href={`/domains/${d.slug}`} className="font-semibold hover:underline">{d.name}</Link>
          <div className="text-xs text-zinc-500">{d.slug} · band {d.bandLow}–{d.bandHigh}</div>
        </div>
        <Link href={candidatesLink({ domain: d.slug })} className="text-right">
          <div className="text-2xl font-semibold tabular-nums">{n(d.pool)}</div>
          <div className="text-xs text-zinc-500">in the pool</div>
        </Link>
      </div>
      <div className="mt-3 flex justify-between text-xs text-zinc-600">
        <span>Scored <span className="tabular-nums font-medium text-zinc-800">{pct(d.scored, d.pool)}</span> ({n(d.scored)})</span>
        {d.pool > d.scored && <Link href={candidatesLink({ domain: d.slug, band: "unscored" })} className="hover:underline">{n(d.pool - d.scored)} unscored</Link>}
      </div>
      {d.scored > 0 && (
        <div className="mt-3" data-testid="band-split">
          <div className="flex justify-between text-xs text-zinc-600">
            <Link href={`/domains/${d.slug}`} className="hover:underline">Bands of {n(d.scored)} scored</Link>
            <span className="tabular-nums">{pct(d.bands.teachable, d.scored)} teachable</span>
          </div>
          <div className="mt-1.5 flex h-1.5 overflow-hidden rounded-full bg-zinc-100" role="img" aria-label={`${d.slug} bands: ${BANDS.map((b) => `${bandLabel[b]} ${d.bands[b]}`).join(", ")}`}>
            {BANDS.map((b) => (d.bands[b] ? <div key={b} style={{ width: `${(d.bands[b] / d.scored) * 100}%`, background: bandColor[b] }} /> : null))}
          </div>
          <ul className="mt-1.5 flex flex-wrap gap-x-3 gap-y-1 text-xs text-zinc-600">
            {BANDS.map((b) => (
              <li key={b} className="inline-flex items-center gap-1" data-band={b}>
                <span className="h-2 w-2 rounded-sm" style={{ background: bandColor[b] }} aria-hidden />
                <Link href={candidatesLink({ domain: d.slug, band: b })} className="tabular-nums hover:underline" data-testid={`band-${d.slug}-${b}`}>{n(d.bands[b])}</Link> {bandLabel[b]}
              </li>
            ))}
          </ul>
        </div>
      )}
      <div className="mt-4">
        <div className="mb-1 flex justify-between text-xs text-zinc-600">
          <span>Accepted vs quota</span>
          <span className="tabular-nums">
            <Link href={candidatesLink({ domain: d.slug, stage: "accepted" })} className="hover:underline">{n(d.accepted)}</Link> / {d.quota ? n(d.quota) : "no quota"}
          </span>
        </div>
        <Progress value={d.quota ? d.accepted / d.quota : 0} label={`${d.slug}: ${d.accepted} accepted of a quota of ${d.quota}`} />
      </div>
      <div className="mt-2 flex justify-between text-xs text-zinc-600">
        <span>Decisions, last 24 h: <span className="tabular-nums font-medium text-zinc-800">{n(d.decisions24h)}</span></span>
        <span>Reviewed <span className="tabular-nums">{n(d.reviewed)}</span></span>
      </div>
      {d.pool === 0 && <p className="mt-3 text-xs text-zinc-500">No candidates yet.{canLead && <> <Link href="/imports" className={link}>Import a pool</Link>.</>}</p>}
      {d.pool > 0 && d.scored === 0 && (
        <p className="mt-3 text-xs text-zinc-500">
          Nothing scored yet.{canLead ? <> <Link href={`/runs/new?domain=${d.slug}`} className={link}>Start an exploration run</Link> to measure difficulty.</> : " A lead starts a scoring run."}
        </p>
      )}
    </Card>
  );
}

const FUNNEL: { key: keyof Funnel; label: string; color: string; href?: string }[] = [
  { key: "imported", label: "imported", color: "#a1a1aa", href: candidatesLink({}) },
  { key: "scored", label: "scored", color: "#6366f1" },
  { key: "teachable", label: "teachable", color: bandColor.teachable, href: candidatesLink({ band: "teachable" }) },
  { key: "reviewed", label: "reviewed", color: "#0ea5e9" },
  { key: "accepted", label: "accepted", color: "#047857", href: candidatesLink({ stage: "accepted" }) },
];

export function FunnelChart({ funnel }: { funnel: Funnel }) {
  const data = FUNNEL.map((f) => ({ ...f, count: funnel[f.key] }));
  return (
    <div data-testid="funnel">
      <div className="h-56 w-full" role="img" aria-label={`Funnel: ${data.map((f) => `${f.label} ${f.count}`).join(", ")}`}>
        <ResponsiveContainer>
          <BarChart data={data} layout="vertical" margin={{ top: 4, right: 48, left: 8, bottom: 4 }}>
            <CartesianGrid strokeDasharray="3 3" horizontal={false} stroke="#e4e4e7" />
            <XAxis type="number" tick={{ fontSize: 12 }} allowDecimals={false} />
            <YAxis type="category" dataKey="label" tick={{ fontSize: 12 }} width={80} />
            <Tooltip cursor={{ fill: "#f4f4f5" }} formatter={(v) => [`${Number(v).toLocaleString("en")} candidates`, ""]} />
            <Bar dataKey="count" isAnimationActive={false}>
              {data.map((f) => <Cell key={f.key} fill={f.color} />)}
              <LabelList dataKey="count" position="right" fontSize={12} formatter={(v: unknown) => Number(v).toLocaleString("en")} />
            </Bar>
          </BarChart>
        </ResponsiveContainer>
      </div>
      <TableView>
        <table className="min-w-full text-sm">
          <thead><tr><th className={th}>Stage</th><th className={th}>Candidates</th><th className={th}>Of the previous</th></tr></thead>
          <tbody className="divide-y divide-zinc-100">
            {data.map((f, i) => (
              <tr key={f.key}>
                <td className="px-3 py-1.5">{f.label}</td>
                <td className={td} data-testid={`funnel-${f.key}`}>{f.href ? <Link href={f.href} className={numLink}>{n(f.count)}</Link> : n(f.count)}</td>
                <td className={td}>{i === 0 ? "—" : pct(f.count, data[i - 1].count)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableView>
    </div>
  );
}
