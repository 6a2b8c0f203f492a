"use client";
import { useRouter } from "next/navigation";
import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { bandColor, bandLabel } from "@/components/scoring/band";

export interface HistogramBar {
  label: string;
  count: number;
  band: string;
  /** Where a click on the bar goes (the candidates it counts); none: the bar is not a link. */
  href?: string | null;
}

/**
 * Candidates per number of correct samples (0/k … k/k), each bar in its band's colour. A bar
 * with an `href` opens its candidates on click; the keyboard path is the list of links the
 * histogram card renders beside it (a chart is not focusable bar by bar).
 */
export function PassRateHistogram({ bins }: { bins: HistogramBar[] }) {
  const router = useRouter();
  const open = (bar: HistogramBar | undefined) => {
    if (bar?.href) router.push(bar.href);
  };
  return (
    <div className="h-60 w-full" role="img" aria-label={`Pass-rate histogram: ${bins.map((b) => `${b.label} ${b.count}`).join(", ")}`}>
      <ResponsiveContainer>
        <BarChart data={bins} margin={{ top: 8, right: 8, left: 0, bottom: 12 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e4e4e7" />
          <XAxis dataKey="label" tick={{ fontSize: 12 }} label={{ value: "correct samples", position: "insideBottom", offset: -8, fontSize: 11, fill: "#71717a" }} height={40} />
          <YAxis tick={{ fontSize: 12 }} allowDecimals={false} width={48} />
          <Tooltip
            cursor={{ fill: "#f4f4f5" }}
            formatter={(value, _name, item) => [`${Number(value).toLocaleString("en")} candidates`, bandLabel[(item.payload as HistogramBar).band]]}
          />
          <Bar dataKey="count" isAnimationActive={false} onClick={(data) => open(data.payload as HistogramBar | undefined)}>
            {bins.map((b) => <Cell key={b.label} fill={bandColor[b.band]} cursor={b.href ? "pointer" : undefined} />)}
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
