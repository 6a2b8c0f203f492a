import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Facts } from "@/components/ui/facts";
import type { EndpointLabel, RunView } from "./run-view";

export interface RunSettingsProps {
  run: RunView;
  /** The run's endpoints by role; null when deleted (the run stays readable). */
  endpoints: { target: EndpointLabel | null; teacher: EndpointLabel | null; judge: EndpointLabel | null; otherTargets?: (EndpointLabel | null)[] };
  /** Runs that continue this one (scaling runs from this exploration). */
  continuedBy: { id: number; phase: string; status: string }[];
  /** The domain's band today (histograms and bands on the page are in it). */
  todayBand: { low: number; high: number };
}

const when = (d: Date | string | null) => (d ? new Date(d).toISOString().replace("T", " ").slice(0, 19) + " UTC" : "—");
const runLink = (id: number) => <Link key={id} href={`/runs/${id}`} className="text-accent-700 hover:underline">Run #{id}</Link>;

function EndpointName({ e, id }: { e: EndpointLabel | null; id: number }) {
  if (!e) return <span className="text-zinc-500">deleted endpoint #{id}</span>;
  return <>{e.name} {e.simulated && <Badge tone="violet">simulated</Badge>}</>;
}

/**
 * A band at run time vs today's: scores are re-triaged when a domain's band moves, so a page
 * read later shows today's band; it also says which band the run was started under.
 */
export function bandFact(run: Pick<RunView, "bandLow" | "bandHigh">, today: { low: number; high: number }): string {
  const now = `${today.low}–${today.high}`;
  if (run.bandLow === null || run.bandHigh === null) return `${now} (today; not recorded at run time)`;
  const then = `${run.bandLow}–${run.bandHigh}`;
  return then === now ? then : `${then} at run time · today ${now}`;
}

/** Reasoning settings, only when the run set them (issue 15). */
function reasoningFacts(run: Pick<RunView, "reasoningEffort" | "truncatedAs">): [string, React.ReactNode][] {
  return [
    ...(run.reasoningEffort ? [["Reasoning effort", run.reasoningEffort] as [string, string]] : []),
    ...(run.truncatedAs === "unverified" ? [["Cut-off answers", "left out of k (unverified)"] as [string, string]] : []),
  ];
}

/** The Settings card of a run page: what ran, against which endpoints, under which band. */
export function RunSettings({ run, endpoints, continuedBy, todayBand }: RunSettingsProps) {
  const filters = Object.entries(run.filters).filter(([, v]) => v !== undefined);
  const join = (nodes: React.ReactNode[]) => nodes.flatMap((x, i) => (i ? [", ", x] : [x]));
  const items: [string, React.ReactNode][] = [
    ["Domain", <Link key="d" href={`/domains/${run.domain}`} className="text-accent-700 hover:underline">{run.domainName}</Link>],
    ["Target", <EndpointName key="t" e={endpoints.target} id={run.targetEndpointId} />],
    ["Model", endpoints.target?.model ?? "—"],
    ...(run.targetEndpointIds?.length > 1
      ? [["Also sampled", join(run.targetEndpointIds.slice(1).map((id, i) => <EndpointName key={id} e={endpoints.otherTargets?.[i] ?? null} id={id} />))] as [string, React.ReactNode]]
      : []),
    ["k · temperature", `${run.k} · ${run.temperature}`],
    ["Max tokens", String(run.maxTokens)],
    ...reasoningFacts(run),
    ["Teachable band", <span key="b" data-testid="run-band">{bandFact(run, todayBand)}</span>],
    ["Mode", run.mode],
    ["Sample size", run.sampleSize === null ? "whole pool" : String(run.sampleSize)],
    ["Filters", filters.length ? filters.map(([k, v]) => `${k}=${v}`).join(", ") : "none"],
    [
      "Teacher",
      run.teacherEndpointId ? (
        <span key="te"><EndpointName e={endpoints.teacher} id={run.teacherEndpointId} />, k_t {run.teacherK}, agreement ≥ {run.teacherAgreement}</span>
      ) : "none",
    ],
    ["Judge", run.judgeEndpointId ? <EndpointName key="j" e={endpoints.judge} id={run.judgeEndpointId} /> : "none"],
    ["Continues", run.parentRunId ? runLink(run.parentRunId) : "—"],
    ["Continued by", continuedBy.length ? <span key="c" data-testid="continued-by">{join(continuedBy.map((c) => runLink(c.id)))}</span> : "—"],
    ["By", run.createdBy],
    ["Started", when(run.startedAt)],
    ["Finished", when(run.finishedAt)],
  ];
  return <Facts items={items} />;
}
