import type pg from "pg";
import { pool as defaultPool } from "@/lib/db/client";
import { log } from "@/lib/log";
import { endpointConfig, invalidateEndpointConfig } from "./config";
import { adaptationFor, describeLearned, learn, type Adaptation, type EndpointProtocol, type Learned } from "./protocol";

// Where what an endpoint taught Edgewise is kept (model_endpoint.protocol_learned, ADR 0026):
// merged key by key with `||`, so workers learning at the same time cannot undo each other.
// The live gateway learns from its own 400s; batch import learns from a provider's 400 lines,
// so the next export is written the way the endpoint takes it.

export type Lesson = Adaptation | { kind: "ignoresN" };

/** The protocol's learned entries after `lesson`, or null when it already knew. */
export function lessonPatch(protocol: EndpointProtocol, lesson: Lesson): Partial<Learned> | null {
  const key = lesson.kind === "ignoresN" ? "singleSample" : lesson.kind;
  const known = protocol.learned[key];
  if (known && (lesson.kind !== "tokenParam" || protocol.learned.tokenParam?.param === lesson.param)) return null;
  return { [key]: learn(protocol, lesson)[key] };
}

export async function storeLesson(endpointId: number, patch: Partial<Learned>, pool: pg.Pool = defaultPool()): Promise<void> {
  await pool
    .query(`update model_endpoint set protocol_learned = coalesce(protocol_learned, '{}'::jsonb) || $2::jsonb where id = $1`, [endpointId, JSON.stringify(patch)])
    .catch((err) => log.warn({ err, endpointId }, "could not store what the endpoint taught us"));
  invalidateEndpointConfig(endpointId);
}

/**
 * A batch output line failed with this error for a request shaped like `sent`: when it is a
 * 400 the protocol can answer (protocol.ts adaptationFor), store the lesson and say it in words.
 */
export async function learnFromBatchError(
  endpointId: number,
  sent: Record<string, unknown>,
  err: { status?: number; param?: string | null; message: string },
): Promise<string | null> {
  invalidateEndpointConfig(endpointId);
  const protocol = (await endpointConfig(endpointId)).protocol;
  const adapt = adaptationFor(protocol, sent, err);
  const patch = adapt && lessonPatch(protocol, adapt);
  if (!patch) return null;
  await storeLesson(endpointId, patch);
  return describeLearned(patch as Learned).join("; ");
}
