import type { Actor } from "@/lib/audit";
import { pool } from "@/lib/db/client";
import { log } from "@/lib/log";
import { createPass, getPass, setThreshold, type PassView } from "./neardup-jobs";
import { nearDupPass, type NearDupSummary } from "./neardup-pass";
import { setPassStatus } from "./pass-lifecycle";

// Running near-duplicate passes: the worker's job, `edgewise dedup`, bench:dedup. A separate
// entry from lib/dedup/index.ts on purpose: the web server imports that one (cards, counts,
// queueing) and must not bundle the hashing threads this one starts.

export { nearDupPass, type NearDupScope, type NearDupSummary } from "./neardup-pass";
export { recheckCandidates, type RecheckSummary } from "./recheck";

/** The job: run a queued pass (a retry of a failed one, or one a dead worker left running). */
export async function runNearDupPassJob(passId: number): Promise<NearDupSummary | null> {
  const claimed = await setPassStatus(pool(), passId, { from: ["queued"], to: "running" });
  if (!claimed) return null; // already done, or another worker has it
  return runClaimed(passId);
}

async function runClaimed(passId: number): Promise<NearDupSummary> {
  const pass = await getPass(passId);
  try {
    const summary = await nearDupPass({ domainId: pass.domainId, batchId: pass.batchId }, { passId });
    await setPassStatus(pool(), passId, { from: ["running"], to: "done", result: summary });
    log.info({ passId, hashed: summary.hashed, flagged: summary.flagged, ms: summary.ms.total }, "near-duplicate pass done");
    return summary;
  } catch (err) {
    await setPassStatus(pool(), passId, { from: ["running"], to: "failed", errorMessage: `near-duplicate pass stopped: ${(err as Error).message}` }).catch(() => {});
    throw err;
  }
}

/** `edgewise dedup`: run a domain's pass in this process and return its summary. */
export async function runDomainNearDupNow(slug: string, actor: Actor, opts: { threshold?: number } = {}): Promise<{ pass: PassView; summary: NearDupSummary }> {
  const domain = await setThreshold(slug, actor, opts.threshold);
  const id = await createPass({ domainId: domain.id }, actor.email ?? "system");
  await setPassStatus(pool(), id, { from: ["queued"], to: "running" });
  const summary = await runClaimed(id);
  return { pass: await getPass(id), summary };
}
