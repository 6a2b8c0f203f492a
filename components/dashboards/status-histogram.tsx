"use client";
import { Bar, BarChart, CartesianGrid, Legend, ReferenceArea, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { StatusBin, StatusHistogram } from "@/lib/stats";
import { bandOf } from "@/lib/scoring/stats";

export const statusLabel: Record<string, string> = {
  none: "no decision",
  open: "in review",
  adjudication: "adjudication",
  accepted: "accepted",
  rejected: "rejected",
};
export const statusColor: Record<string, string> = {
  none: "#a1a1aa",
  open: "#93c5fd",
  adjudication: "#f59e0b",
  accepted: "#059669",
  rejected: "#ef4444",
};
export const STATUSES = ["none", "open", "adjudication", "accepted", "rejected"] as const;

/** A bin's representative pass rate: passes/k, or the middle of a 0.1-wide bin. */
export const binRate = (b: StatusBin) => (b.low + b.high) / 2;

/** The labels of the first and last bins inside the band (low, high), or null when none is. */
export function teachableSpan(bins: StatusBin[], low: number, high: number): [string, string] | null {
  const inside = bins.filter((b) => bandOf(binRate(b), low, high) === "teachable");
  return inside.length ? [inside[0].label, inside[inside.length - 1].label] : null;
}

/** What the x axis shows: correct samples out of one k, or pass-rate bins when runs used several k. */
export function axisCaption(h: Pick<StatusHistogram, "k" | "ks">): string {
  return h.k !== null ? `correct samples out of k = ${h.k}` : `pass rate (runs at k = ${h.ks.join(", ")}; bins of 0.1)`;
}

/**
 * Scored candidates per pass-rate bin, stacked by review status, with the teachable band
 * (saved, or the edges being previewed) shaded behind the bars.
 */
export function StatusHistogramChart({ h, low, high }: { h: StatusHistogram; low: number; high: number }) {
  const data = h.bins.map((b) => ({ label: b.label, ...b.byStatus }));
  const span = teachableSpan(h.bins, low, high);
  return (
    <div
      className="h-72 w-full"
      role="img"
      aria-label={`Pass-rate histogram by review status, ${axisCaption(h)}; teachable band ${low} to ${high}: ${h.bins
        .map((b) => `${b.label}: ${b.total}`)
        .join(", ")}`}
    >
      <ResponsiveContainer>
        <BarChart data={data} margin={{ top: 8, right: 8, left: 0, bottom: 12 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e4e4e7" />
          {span && (
            <ReferenceArea x1={span[0]} x2={span[1]} fill="#10b981" fillOpacity={0.12} stroke="#10b981" strokeDasharray="4 2" label={{ value: "teachable", position: "insideTop", fontSize: 11, fill: "#047857" }} ifOverflow="extendDomain" />
          )}
          <XAxis dataKey="label" tick={{ fontSize: 12 }} height={40} label={{ value: axisCaption(h), position: "insideBottom", offset: -8, fontSize: 11, fill: "#71717a" }} />
          <YAxis tick={{ fontSize: 12 }} allowDecimals={false} width={48} />
          <Tooltip cursor={{ fill: "#f4f4f5" }} formatter={(v, name) => [Number(v).toLocaleString("en"), statusLabel[String(name)] ?? String(name)]} />
          <Legend verticalAlign="top" height={28} formatter={(v) => <span className="text-zinc-700">{statusLabel[String(v)] ?? String(v)}</span>} wrapperStyle={{ fontSize: 12 }} />
          {STATUSES.map((s) => <Bar key={s} dataKey={s} stackId="status" fill={statusColor[s]} isAnimationActive={false} />)}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
