import Link from "next/link";
import { cache } from "react";
import { requireUser } from "@/lib/auth/page";
import { atLeast } from "@/lib/auth/roles";
import { getEndpoint } from "@/lib/models/endpoints";
import { passRateHistogram, rescoredElsewhere, simulatorGuesses } from "@/lib/scoring/queries";
import { explorationProjection, getRun, runProgress } from "@/lib/scoring/runs";
import { idParam, orNotFound } from "@/components/page-data";
import { BatchPanel } from "@/components/runs/batch-panel";
import { ProjectionCard } from "@/components/runs/projection-card";
import { RunProgress } from "@/components/runs/run-progress";
import { ScalingButton } from "@/components/runs/scaling-button";
import { SimulatorNote } from "@/components/runs/simulator-note";
import { HistogramCard } from "@/components/scoring/histogram-card";
import { Badge } from "@/components/ui/badge";
import { ButtonLink } from "@/components/ui/button";
import { Card, CardHeader, PageHeader } from "@/components/ui/card";
import { Facts } from "@/components/ui/facts";
import { n } from "@/components/format";

type Props = { params: Promise<{ id: string }> };

const load = cache(async (raw: string) => orNotFound(getRun(idParam(raw))));

export async function generateMetadata({ params }: Props) {
  return { title: `Run #${(await params).id}` };
}

const when = (d: Date | null) => (d ? d.toISOString().replace("T", " ").slice(0, 19) + " UTC" : "—");

export default async function RunPage({ params }: Props) {
  const [user, run] = await Promise.all([requireUser(), load((await params).id)]);
  const canLead = atLeast(user.role, "lead");
  const [progress, endpoint, histogram, projection, rescored, guesses] = await Promise.all([
    runProgress(run.id),
    getEndpoint(run.targetEndpointId).catch(() => null), // a deleted endpoint leaves its runs readable
    passRateHistogram({ runId: run.id }),
    run.phase === "exploration" ? explorationProjection(run.id) : null,
    rescoredElsewhere(run.id),
    simulatorGuesses(run.id),
  ]);
  const filters = Object.entries(run.filters).filter(([, v]) => v !== undefined);
  const facts: [string, React.ReactNode][] = [
    ["Domain", <Link key="d" href={`/domains/${run.domain}`} className="text-accent-700 hover:underline">{run.domainName}</Link>],
    ["Target", endpoint ? <>{endpoint.name} {endpoint.simulated && <Badge tone="violet">simulated</Badge>}</> : `#${run.targetEndpointId}`],
    ["Model", endpoint?.model ?? "—"],
    ["k · temperature", `${run.k} · ${run.temperature}`],
    ["Max tokens", String(run.maxTokens)],
    ["Mode", run.mode],
    ["Sample size", run.sampleSize === null ? "whole pool" : String(run.sampleSize)],
    ["Filters", filters.length ? filters.map(([k, v]) => `${k}=${v}`).join(", ") : "none"],
    ["Teacher", run.teacherEndpointId ? `#${run.teacherEndpointId}, k_t ${run.teacherK}, agreement ≥ ${run.teacherAgreement}` : "none"],
    ["Judge", run.judgeEndpointId ? `#${run.judgeEndpointId}` : "none"],
    ["Continues", run.parentRunId ? <Link key="p" href={`/runs/${run.parentRunId}`} className="text-accent-700 hover:underline">Run #{run.parentRunId}</Link> : "—"],
    ["By", run.createdBy],
    ["Started", when(run.startedAt)],
    ["Finished", when(run.finishedAt)],
  ];
  return (
    <>
      <PageHeader
        title={`Run #${run.id}: ${run.phase} on ${run.domainName}`}
        description={`${run.mode === "batch" ? "Batch files" : "Live calls"} to ${endpoint?.name ?? "a deleted endpoint"} · k = ${run.k} samples per candidate`}
        action={<ButtonLink variant="secondary" href={`/candidates?domain=${run.domain}&stage=triaged`}>Browse triaged candidates</ButtonLink>}
      />
      <div className="mb-4 grid gap-4 lg:grid-cols-3">
        <div className="space-y-4 lg:col-span-2">
          <Card className="p-4">
            <RunProgress initial={{ ...run, progress }} endpoint={endpoint && { name: endpoint.name, model: endpoint.model, simulated: endpoint.simulated }} canLead={canLead} />
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
          <HistogramCard histogram={histogram} title="Pass rates in this run" />
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
          <Facts items={facts} />
        </Card>
      </div>
    </>
  );
}
