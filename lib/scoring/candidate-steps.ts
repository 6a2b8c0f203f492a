import { isConnectionError } from "@/lib/db/outage";
import { ModelCallError } from "@/lib/models/errors";
import { chat } from "@/lib/models/gateway";
import type { RunContext } from "./context";
import { planCandidate, planSettingsOf, type TargetNeed } from "./plan";
import type { SampleRow } from "./record";
import {
  absorb, answerMessages, errorRows, NO_REFERENCE, judgeRequestFor, judgeRowFrom, referenceFor, rowsFromChoices,
  type Reference, type WorkItem,
} from "./work";

// One claimed candidate's steps, as its plan (plan.ts) orders them, with their model calls:
// the live driver (driver.ts) runs them on its lanes and writes what they return.

/** Thrown out of a candidate's model calls once the run was stopped: nothing of it is recorded. */
export class Stopped extends Error {}

/**
 * Everything one candidate still needs, in the plan's order (plan.ts): teacher answers, then
 * target samples against the own or proxy reference, then the judge. Each step stores a row
 * for every index it was asked (an error row when the endpoint failed), so the plan moves on.
 */
export async function processCandidate(ctx: RunContext, item: WorkItem, signal?: AbortSignal): Promise<SampleRow[]> {
  const rows: SampleRow[] = [];
  const settings = planSettingsOf(ctx);
  const done = new Set<string>();
  for (;;) {
    const plan = planCandidate(item.state, settings);
    // Each step at most once per claim: a step that stored nothing (which should not happen)
    // leaves the item to its next claim rather than looping here.
    if (plan.next === "settle" || done.has(plan.next)) return rows;
    done.add(plan.next);
    let got: SampleRow[] = [];
    if (plan.next === "teacher") got = await sampleIndices(ctx, ctx.teacher!.id, "teacher", item, plan.indices, NO_REFERENCE, signal);
    else if (plan.next === "target") got = await sampleTargets(ctx, item, plan.targets, referenceFor(ctx, item, plan.reference), signal);
    else if (item.judgeResponse) got = [await judgeCandidate(ctx, item, referenceFor(ctx, item, plan.reference), item.judgeResponse.text, signal)];
    for (const r of got) absorb(item, r);
    rows.push(...got);
  }
}

/** Every target model's missing samples at once: the models are different endpoints (issue 15). */
async function sampleTargets(ctx: RunContext, item: WorkItem, needs: TargetNeed[], ref: Reference, signal?: AbortSignal): Promise<SampleRow[]> {
  const got = await Promise.all(needs.map((n) => sampleIndices(ctx, ctx.targets[n.position].id, "target", item, n.indices, ref, signal, n.position)));
  return got.flat();
}

/** One request with n = missing count; if fewer choices come back, ask again for the rest. */
async function sampleIndices(
  ctx: RunContext,
  endpointId: number,
  role: "target" | "teacher",
  item: WorkItem,
  indices: number[],
  ref: Reference,
  signal?: AbortSignal,
  targetPosition = 0,
): Promise<SampleRow[]> {
  const rows: SampleRow[] = [];
  let pending = indices;
  for (let attempt = 0; pending.length > 0 && attempt < 3; attempt++) {
    try {
      const r = await chat(endpointId, {
        messages: answerMessages(item.prompt),
        n: pending.length,
        temperature: ctx.run.temperature,
        maxTokens: ctx.run.maxTokens,
        reasoningEffort: ctx.run.reasoningEffort,
      }, { signal });
      const got = await rowsFromChoices(ctx, item, role, pending, r.details, r, ref, targetPosition, signal);
      rows.push(...got);
      pending = pending.slice(got.filter((row) => row.role === role).length); // kind none adds the judge's grading rows
      // One-sample requests of which some failed (after their retries): the rest fail with that reason.
      if (r.shortBy && pending.length) {
        rows.push(...errorRows(item, role, pending, r.shortBy.kind, r.shortBy.message, targetPosition));
        return rows;
      }
    } catch (err) {
      if (signal?.aborted) throw new Stopped("run stopped"); // not the endpoint's failure: nothing to record
      // After the gateway's own retries: record the failure on each index (excluded from k).
      if (!(err instanceof ModelCallError) && isConnectionError(err)) throw err; // our database, not the endpoint
      const kind = err instanceof ModelCallError ? err.kind : "connection";
      rows.push(...errorRows(item, role, pending, kind, (err as Error).message, targetPosition));
      return rows;
    }
  }
  if (pending.length) rows.push(...errorRows(item, role, pending, "malformed", "the endpoint returned fewer answers than asked", targetPosition));
  return rows;
}

async function judgeCandidate(ctx: RunContext, item: WorkItem, ref: Reference, response: string, signal?: AbortSignal): Promise<SampleRow> {
  const req = judgeRequestFor(ctx, item, ref, response);
  try {
    const r = await chat(ctx.judge!.id, { messages: req.messages, n: 1, temperature: req.temperature, maxTokens: req.maxTokens }, { signal });
    return judgeRowFrom(item, r.details[0], r);
  } catch (err) {
    if (signal?.aborted) throw new Stopped("run stopped");
    if (!(err instanceof ModelCallError) && isConnectionError(err)) throw err;
    const kind = err instanceof ModelCallError ? err.kind : "connection";
    return errorRows(item, "judge", [0], kind, (err as Error).message)[0];
  }
}
