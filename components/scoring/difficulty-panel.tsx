import Link from "next/link";
import type { ScoreView } from "@/lib/scoring/queries";
import { Card, CardHeader } from "@/components/ui/card";
import { Facts } from "@/components/ui/facts";
import { BandBadge, passRateText } from "./band";
import { ModelPassRates } from "./model-pass-rates";

const pct = (v: number | null) => (v === null ? "—" : `${(v * 100).toFixed(1)}%`);

/** Pass rate, Wilson interval, band and the secondary signals of one candidate. */
export function DifficultyPanel({ score, action }: { score: ScoreView | null; action?: React.ReactNode }) {
  if (!score) {
    return (
      <Card>
        <CardHeader title="Difficulty" action={<BandBadge band="unscored" />} />
        <p className="px-4 py-4 text-sm text-zinc-500">Not scored yet. A scoring run samples the target model k times and verifies each answer against the reference.</p>
        {action && <div className="border-t border-zinc-100 px-4 py-3">{action}</div>}
      </Card>
    );
  }
  const facts: [string, React.ReactNode][] = [
    ["Pass rate", passRateText(score.passes, score.k, score.passRate)],
    ["Wilson 95% interval", score.ciLow === null || score.ciHigh === null ? "—" : `${pct(score.ciLow)} – ${pct(score.ciHigh)}`],
    ["Proxy reference", score.proxyReference ?? "—"],
    ["Teacher agreement", pct(score.teacherAgreement)],
    ["Judge score", score.judgeScore === null ? "—" : `${score.judgeScore.toFixed(1)} / 10`],
    ["Scored by", <Link key="r" href={`/runs/${score.runId}`} className="text-accent-700 hover:underline">Run #{score.runId}</Link>],
    ["Scored", score.scoredAt.replace("T", " ").slice(0, 16) + " UTC"],
  ];
  return (
    <Card>
      <CardHeader title="Difficulty" action={<BandBadge band={score.band} />} />
      <Facts items={facts} />
      <ModelPassRates score={score} />
      {action && <div className="border-t border-zinc-100 px-4 py-3">{action}</div>}
    </Card>
  );
}
