import Link from "next/link";
import { cache } from "react";
import { requireDomainReader } from "@/lib/auth/page";
import { atLeast } from "@/lib/auth/roles";
import { getEndpoint } from "@/lib/models/endpoints";
import { continuations, passRateHistogram, rescoredElsewhere, simulatorGuesses } from "@/lib/scoring/queries";
import { explorationProjection, getRun, runFailures, runProgress } from "@/lib/scoring/runs";
import { idParam, orNotFound } from "@/components/page-data";
import { BatchPanel } from "@/components/runs/batch-panel";
import { FailuresCard } from "@/components/runs/failures-card";
import { ProjectionCard } from "@/components/runs/projection-card";
import { RunProgress } from "@/components/runs/run-progress";
import { RunSettings } from "@/components/runs/run-settings";
import { ScalingButton } from "@/components/runs/scaling-button";
import { SimulatorNote } from "@/components/runs/simulator-note";
import { HistogramCard } from "@/components/scoring/histogram-card";
import { ButtonLink } from "@/components/ui/button";
import { Card, CardHeader, PageHeader } from "@/components/ui/card";
import { n } from "@/components/format";

type Props = { params: Promise<{ id: string }> };

const load = cache(async (raw: string) => orNotFound(getRun(idParam(raw))));

export async function generateMetadata({ params }: Props) {
  return { title: `Run #${(await params).id}` };
}

// A deleted endpoint leaves its runs readable.
const endpointLabel = (id: number | null) =>
  id === null ? null : getEndpoint(id).then((e) => ({ name: e.name, model: e.model, simulated: e.simulated }), () => null);

export default async function RunPage({ params }: Props) {
  const run = await load((await params).id);
  const user = await requireDomainReader(run.domainId); // reviewers: runs of their domains only
  const canLead = atLeast(user.role, "lead");
  const [progress, endpoint, teacher, judge, histogram, projection, rescored, guesses, continuedBy, otherTargets, failures] = await Promise.all([
    runProgress(run.id),
    endpointLabel(run.targetEndpointId),
    endpointLabel(run.teacherEndpointId),
    endpointLabel(run.judgeEndpointId),
    passRateHistogram({ runId: run.id }),
    run.phase === "exploration" ? explorationProjection(run.id) : null,
    rescoredElsewhere(run.id),
    simulatorGuesses(run.id),
    continuations(run.id),
    Promise.all(run.targetEndpointIds.slice(1).map(endpointLabel)),
    runFailures(run.id),
  ]);
  return (
    <>
      <PageHeader
        title={`Run #${run.id}: ${run.phase} on ${run.domainName}`}
        description={`${run.mode === "batch" ? "Batch files" : "Live calls"} to ${endpoint?.name ?? "a deleted endpoint"} · k = ${run.k} samples per candidate`}
        action={<ButtonLink variant="secondary" href={`/candidates?run=${run.id}`}>Browse this run&apos;s candidates</ButtonLink>}
      />
      <div className="mb-4 grid gap-4 lg:grid-cols-3">
        <div className="space-y-4 lg:col-span-2">
          <Card className="p-4">
            <RunProgress initial={{ ...run, progress }} endpoint={endpoint} canLead={canLead} />
          </Card>
          {rescored.length > 0 && (
            <div className="rounded-lg border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-900" role="note">
              {n(rescored.reduce((a, r) => a + r.candidates, 0))} of this run&apos;s candidates were scored again by{" "}
              {rescored.map((r, i) => (
                <span key={r.runId}>
                  {i > 0 && ", "}
                  <Link href={`/runs/${r.runId}`} className="font-medium underline">run #{r.runId}</Link>
                </span>
              ))}
              : their current pass rates come from there, so the counts below leave them out. This run&apos;s samples stay on each candidate&apos;s page.
            </div>
          )}
          <SimulatorNote guesses={guesses} />
          <FailuresCard failures={failures} failed={progress.failed} />
          <HistogramCard histogram={histogram} title="Pass rates in this run" linkScope={{ run: run.id }} />
          {projection && (
            <ProjectionCard p={projection} action={canLead && run.status === "done" && projection.remaining > 0 && <ScalingButton run={run} />} />
          )}
          {run.mode === "batch" && canLead && (
            <Card>
              <CardHeader title="Batch files" description="For serving clusters: OpenAI Batch input lines out, OpenAI Batch / vLLM run_batch output lines in. Imported answers are verified exactly as a live run would." />
              <BatchPanel runId={run.id} />
            </Card>
          )}
        </div>
        <Card className="self-start">
          <CardHeader title="Settings" />
          <RunSettings run={run} endpoints={{ target: endpoint, teacher, judge, otherTargets }} continuedBy={continuedBy} todayBand={{ low: histogram.bandLow, high: histogram.bandHigh }} />
        </Card>
      </div>
    </>
  );
}
