import { listEndpoints, type EndpointView } from "@/lib/models/endpoints";
import {
  cancelRun,
  createRun,
  createRunSchema,
  getRun,
  listRuns,
  pauseRun,
  resumeRun,
  runFailures,
  runProgress,
  runStatuses,
  type RunFailure,
  type CreateRunInput,
  type ListRunsInput,
  type RunView,
} from "@/lib/scoring/runs";
import { commonOptions, idArg, numberFlag, parse, usageFromIssues, UsageError } from "./args";
import { act, localActor, minute, output, query, table, targetFrom, type Target } from "./client";
import { endLine, progressBar, progressLine, runEnded } from "./progress";

// edgewise runs start | list | status | pause | resume | cancel | wait — the Runs pages'
// actions (POST/GET /api/runs, GET /api/runs/<id>, POST /api/runs/<id>/actions).

type RunStatusView = RunView & { progress: Awaited<ReturnType<typeof runProgress>> };

const FLAGS: Record<string, string> = {
  domain: "DOMAIN",
  targetEndpointId: "--endpoint",
  sampleSize: "--sample",
  k: "--k",
  temperature: "--temperature",
  maxTokens: "--max-tokens",
  teacherEndpointId: "--teacher",
};

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, {
    ...commonOptions,
    endpoint: { type: "string" },
    teacher: { type: "string" },
    sample: { type: "string" },
    scaling: { type: "boolean" },
    batch: { type: "boolean" },
    k: { type: "string" },
    temperature: { type: "string" },
    "max-tokens": { type: "string" },
    domain: { type: "string" },
    status: { type: "string" },
    interval: { type: "string" },
    timeout: { type: "string" },
  });
  const [action, arg, ...extra] = positionals;
  if (extra.length) throw new UsageError(`unexpected argument: ${extra[0]}`);
  const target = targetFrom(values);
  const json = values.json;

  switch (action) {
    case "start": {
      if (!arg) throw new UsageError("give the DOMAIN to score");
      if (!values.endpoint) throw new UsageError("give --endpoint ID or NAME (the target model)");
      if (values.scaling && values.sample) throw new UsageError("--sample is for exploration runs; --scaling scores the rest of the pool");
      const input = {
        domain: arg,
        phase: values.scaling ? "scaling" : "exploration",
        mode: values.batch ? "batch" : "live",
        sampleSize: numberFlag("sample", values.sample),
        k: numberFlag("k", values.k),
        temperature: numberFlag("temperature", values.temperature),
        maxTokens: numberFlag("max-tokens", values["max-tokens"]),
        targetEndpointId: await endpointId(target, values.endpoint, "target"),
        teacherEndpointId: values.teacher ? await endpointId(target, values.teacher, "teacher") : undefined,
      };
      const parsed = createRunSchema.safeParse(input);
      if (!parsed.success) throw usageFromIssues(parsed.error.issues, FLAGS);
      const body: CreateRunInput = parsed.data;
      const run = await act<RunView>(target, { method: "POST", path: "/api/runs", body }, () => createRun(body, localActor()));
      output(json, run, () => `Started run #${run.id}: ${run.phase} of ${run.total} ${run.domain} candidates, k=${run.k} (${run.status}); follow it with "edgewise runs wait ${run.id}"`);
      return 0;
    }
    case "list": {
      if (arg) throw new UsageError(`unexpected argument: ${arg}`);
      if (values.status && !(runStatuses as readonly string[]).includes(values.status)) throw new UsageError(`--status must be one of ${runStatuses.join(", ")}`);
      const q = { domain: values.domain, status: values.status };
      const { items } = await act<{ items: RunView[] }>(target, { path: `/api/runs${query(q)}` }, () => listRuns(q as ListRunsInput));
      output(json, items, () =>
        items.length
          ? table(["id", "domain", "phase", "status", "items", "k", "created"], items.map((r) => [r.id, r.domain, r.phase, r.status, `${r.completed}/${r.total}`, r.k, minute(r.createdAt)]))
          : 'No runs: start one with "edgewise runs start DOMAIN --endpoint ID --sample N".',
      );
      return 0;
    }
    case "status": {
      const id = idArg("the run ID", arg);
      const run = await runStatus(target, id);
      // Why candidates failed (the run page's card): asked only when some did.
      const failures = run.progress.failed
        ? (await act<{ items: RunFailure[] }>(target, { path: `/api/runs/${id}/failures` }, async () => ({ items: await runFailures(id) }))).items
        : [];
      const why = failures.map((f) => `\n  failed ×${f.count}: ${f.reason}`).join("");
      output(json, { ...run, failures }, () => `${progressLine(run.id, run.progress)}\n  ${run.domain} · ${run.phase} · ${run.mode} · k=${run.k}${run.errorMessage ? `\n  error: ${run.errorMessage}` : ""}${why}`);
      return 0;
    }
    case "pause":
    case "resume":
    case "cancel": {
      const id = idArg("the run ID", arg);
      const run = await act<RunView>(target, { method: "POST", path: `/api/runs/${id}/actions`, body: { action } }, () =>
        ({ pause: pauseRun, resume: resumeRun, cancel: cancelRun })[action](id, localActor()),
      );
      output(json, run, () => `run #${run.id} ${run.status}`);
      return 0;
    }
    case "wait":
      return wait(target, idArg("the run ID", arg), {
        json,
        intervalMs: 1000 * (numberFlag("interval", values.interval) ?? 2),
        timeoutMs: values.timeout === undefined ? Infinity : 1000 * (numberFlag("timeout", values.timeout) ?? 0),
      });
    default:
      throw new UsageError(action ? `unknown action "${action}"` : "give an action: start, list, status, pause, resume, cancel or wait");
  }
}

function runStatus(target: Target, id: number): Promise<RunStatusView> {
  return act<RunStatusView>(target, { path: `/api/runs/${id}` }, async () => ({ ...(await getRun(id)), progress: await runProgress(id) }));
}

/** Follow a run to its end: 0 when done, 1 when it failed or was cancelled, or on timeout. */
async function wait(target: Target, id: number, opts: { json?: boolean; intervalMs: number; timeoutMs: number }): Promise<number> {
  const tty = !opts.json && process.stdout.isTTY === true;
  const deadline = Date.now() + opts.timeoutMs;
  let last = "";
  for (;;) {
    const run = await runStatus(target, id);
    const p = run.progress;
    if (opts.json) {
      const line = JSON.stringify(p);
      if (line !== last) console.log(line);
      last = line;
    } else if (tty) {
      process.stdout.write(`\r\x1b[2K${progressBar(id, p, 30)}`);
    } else {
      // One line per change: the same numbers again say nothing new in a log.
      const line = progressLine(id, p);
      if (line !== last) console.log(line);
      last = line;
    }
    if (runEnded(p.status)) {
      if (tty) process.stdout.write("\n");
      if (!opts.json) console.log(endLine(id, p) + (run.errorMessage ? `\n  error: ${run.errorMessage}` : ""));
      return p.status === "done" ? 0 : 1;
    }
    if (Date.now() + opts.intervalMs > deadline) {
      if (tty) process.stdout.write("\n");
      console.error(`edgewise runs wait: run #${id} is still ${p.status} after the --timeout; it goes on without us`);
      return 1;
    }
    await new Promise((r) => setTimeout(r, opts.intervalMs));
  }
}

/** An endpoint given as its id, or by name (or model name) for people typing commands. */
async function endpointId(target: Target, given: string, role: "target" | "teacher"): Promise<number> {
  if (/^\d+$/.test(given)) return Number(given);
  const { items } = await act<{ items: EndpointView[] }>(target, { path: "/api/endpoints" }, async () => ({ items: await listEndpoints() }));
  const wanted = given.toLowerCase();
  const found = items.filter((e) => e.name.toLowerCase() === wanted || e.model.toLowerCase() === wanted);
  if (found.length === 1) return found[0].id;
  const names = items.filter((e) => e.roles.includes(role)).map((e) => `#${e.id} "${e.name}" (${e.model})`);
  throw new Error(
    `${found.length ? "several" : "no"} ${role} endpoints match "${given}"${found.length ? "; give the id" : ""}: ${names.join(", ") || "none registered (Settings → Model endpoints)"}`,
  );
}
