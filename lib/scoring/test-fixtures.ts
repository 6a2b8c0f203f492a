import { systemActor } from "@/lib/audit";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { importFile } from "@/lib/candidates/import";
import { db, disconnect, pool } from "@/lib/db/client";
import { createEndpoint } from "@/lib/models/endpoints";
import { createDomain } from "@/lib/domains";
import { stopBoss } from "@/lib/jobs/boss";
import { closeGateway } from "@/lib/models/gateway";
import type { AnswerKeyEntry } from "@/lib/models/simulator";

// Shared set-up of the scoring DB tests: a domain of generated math items (with the answer
// key the simulator needs to answer them) and endpoints pointing at a running simulator.

export const testActor = { id: null, email: "lead@test" };

export interface Item {
  prompt: string;
  answer: string | null;
}

export function mathItems(n: number, tag: string, withAnswer = true): (Item & { key: { prompt: string } & AnswerKeyEntry })[] {
  return Array.from({ length: n }, (_, i) => {
    const a = 11 + ((i * 37) % 900);
    const b = 3 + ((i * 53) % 97);
    const prompt = `[${tag} ${i}] A crate holds ${a} apples and ${b} more arrive. How many apples are there now?`;
    return { prompt, answer: withAnswer ? String(a + b) : null, key: { prompt, kind: "math" as const, answer: String(a + b) } };
  });
}

/** Import items into a (new) domain through the real importer; returns the domain id. */
export async function seedDomain(slug: string, items: Item[], answerKind: "math" | "mcq" | "exact" | "code" | "none" = "math"): Promise<number> {
  const existing = await db().domain.findUnique({ where: { slug } });
  const domain = existing ?? (await createDomain({ slug, name: slug, answerKind }, systemActor));
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "scoring-")), "pool.jsonl");
  fs.writeFileSync(file, items.map((i) => JSON.stringify(i.answer === null ? { prompt: i.prompt } : i)).join("\n") + "\n");
  await importFile(file, { domainSlug: slug, format: "generic", createdBy: "test" });
  return domain.id;
}

export async function createTestEndpoint(name: string, baseUrl: string, model = "sim-target", maxConcurrent = 16) {
  return createEndpoint({ name, baseUrl, model, roles: ["target", "teacher", "judge"], maxConcurrent, simulated: true, priceInput: 1, priceOutput: 2 }, systemActor);
}

/** Target samples per candidate of a run: every value should be k. */
export async function samplesPerCandidate(runId: number, role = "target"): Promise<Map<number, number>> {
  const { rows } = await pool().query<{ candidate_id: number; n: number }>(
    `select candidate_id, count(*)::int as n from sample where run_id = $1 and role = $2::"SampleRole" group by candidate_id`,
    [runId, role],
  );
  return new Map(rows.map((r) => [r.candidate_id, r.n]));
}

/** Close what a test file opened (queue, gateway slots, pools) before the server stops. */
export async function closeConnections(): Promise<void> {
  await stopBoss();
  await closeGateway();
  await disconnect();
}
