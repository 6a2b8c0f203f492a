"use client";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

// Stage colours match the stage badges, so the chart and the tables read the same.
const STAGES = [
  { key: "imported", color: "#a1a1aa" },
  { key: "scored", color: "#3d6bf5" },
  { key: "triaged", color: "#8b5cf6" },
  { key: "in_review", color: "#f59e0b" },
  { key: "accepted", color: "#10b981" },
  { key: "rejected", color: "#ef4444" },
];

export function StageChart({ data }: { data: ({ domain: string } & Record<string, number | string>)[] }) {
  return (
    <div className="h-64 w-full">
      <ResponsiveContainer>
        <BarChart data={data} margin={{ top: 8, right: 8, left: 0, bottom: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e4e4e7" />
          <XAxis dataKey="domain" tick={{ fontSize: 12 }} />
          <YAxis tick={{ fontSize: 12 }} allowDecimals={false} />
          <Tooltip />
          {/* itemSorter null: the legend follows the pipeline (Recharts sorts by name by default) */}
          <Legend wrapperStyle={{ fontSize: 12 }} itemSorter={null} />
          {STAGES.map((s) => (
            <Bar key={s.key} dataKey={s.key} name={s.key.replace("_", " ")} stackId="stage" fill={s.color} isAnimationActive={false} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
