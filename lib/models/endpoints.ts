import { recordAudit, systemActor, type Actor } from "@/lib/audit";
import { db, pool } from "@/lib/db/client";
import { Prisma, type ModelEndpoint } from "@/lib/db/generated/client";
import { badRequest, conflict, notFound } from "@/lib/errors";
import { invalidateEndpointConfig, protocolOf } from "./config";
import { createEndpointSchema, updateEndpointSchema, type CreateEndpointInput, type EndpointRoleName, type UpdateEndpointInput } from "./endpoint-schema";
import { ModelCallError } from "./errors";
import { chat } from "./gateway";
import { describeLearned, type EndpointProtocol, type SamplesPerRequest, type TemperatureMode, type TokenParamMode } from "./protocol";
import { encryptApiKey } from "./secret";

export * from "./endpoint-schema";
export { protocolOf } from "./config";
export { sendsSeveralSamples, sendsTemperature, tokenParamOf, type TokenParam } from "./protocol";

// Model endpoints: what admins register, what runs pick from. A view never carries the key,
// only whether one is stored and which variable holds it.

export interface EndpointView {
  id: number;
  name: string;
  baseUrl: string;
  model: string;
  apiKeyEnv: string | null;
  hasStoredKey: boolean;
  roles: EndpointRoleName[];
  maxConcurrent: number;
  requestsPerMinute: number | null;
  tokensPerMinute: number | null;
  /** USD per 1M tokens. */
  priceInput: number;
  priceOutput: number;
  simulated: boolean;
  samplesPerRequest: SamplesPerRequest;
  tokenParam: TokenParamMode;
  temperatureMode: TemperatureMode;
  thinkOpen: string;
  thinkClose: string;
  /** What "auto" learned from the provider, in words (empty: nothing yet). */
  learned: string[];
  /** The same settings with the lessons, as the gateway reads them. */
  protocol: EndpointProtocol;
  createdAt: Date;
  updatedAt: Date;
}

function toView(row: ModelEndpoint): EndpointView {
  const { apiKeyEncrypted, protocolLearned: _, ...rest } = row;
  const p = protocolOf(row);
  return {
    ...rest, samplesPerRequest: p.samplesPerRequest, tokenParam: p.tokenParam, temperatureMode: p.temperatureMode,
    learned: describeLearned(p.learned), protocol: p, hasStoredKey: apiKeyEncrypted !== null,
  };
}

export async function listEndpoints(filter: { role?: EndpointRoleName } = {}): Promise<EndpointView[]> {
  const rows = await db().modelEndpoint.findMany({
    where: filter.role ? { roles: { has: filter.role } } : undefined,
    orderBy: { name: "asc" },
  });
  return rows.map(toView);
}

export async function getEndpoint(id: number): Promise<EndpointView> {
  const row = await db().modelEndpoint.findUnique({ where: { id } });
  if (!row) throw notFound(`Model endpoint #${id}`);
  return toView(row);
}

/** What the audit trail records: the settings, and only *that* a key was set or removed. */
function auditable(data: Record<string, unknown>, apiKey: string | null | undefined) {
  const details: Record<string, unknown> = { ...data };
  delete details.apiKeyEncrypted;
  if (apiKey !== undefined) details.apiKey = apiKey === null ? "(removed)" : "(stored, encrypted)";
  return details as Prisma.InputJsonValue;
}

export async function createEndpoint(input: CreateEndpointInput, actor: Actor): Promise<EndpointView> {
  const { apiKey, ...data } = createEndpointSchema.parse(input);
  try {
    const row = await db().modelEndpoint.create({
      data: { ...data, apiKeyEncrypted: apiKey ? encryptApiKey(apiKey) : null },
    });
    await recordAudit({ actor, action: "endpoint.create", target: { type: "model_endpoint", id: row.id }, details: auditable(data, apiKey) });
    return toView(row);
  } catch (err) {
    throw mapUnique(err, data.name);
  }
}

export async function updateEndpoint(id: number, input: UpdateEndpointInput, actor: Actor): Promise<EndpointView> {
  const current = await db().modelEndpoint.findUnique({ where: { id } });
  if (!current) throw notFound(`Model endpoint #${id}`);
  const { apiKey, resetLearned, ...data } = updateEndpointSchema.parse(input);
  assertKeyFollowsUrl(current, data, apiKey);
  // Another server or model may behave differently: what was learned about this one is dropped.
  const moved = (data.baseUrl !== undefined && data.baseUrl !== current.baseUrl) || (data.model !== undefined && data.model !== current.model);
  const learnedChange = resetLearned || moved ? { protocolLearned: Prisma.DbNull } : {};
  const keyChange =
    apiKey === undefined ? {} : { apiKeyEncrypted: apiKey === null ? null : encryptApiKey(apiKey) };
  // Choosing a variable replaces a stored key, and a typed key replaces a variable: one source.
  const sourceChange = data.apiKeyEnv ? { apiKeyEncrypted: null } : apiKey ? { apiKeyEnv: null } : {};
  try {
    const row = await db().modelEndpoint.update({ where: { id }, data: { ...data, ...sourceChange, ...keyChange, ...learnedChange } });
    if (data.maxConcurrent !== undefined && data.maxConcurrent < current.maxConcurrent) {
      // Surplus slots: a holder of one loses it at its next lease renewal.
      await pool().query("delete from endpoint_slot where endpoint_id = $1 and slot >= $2", [id, data.maxConcurrent]);
    }
    invalidateEndpointConfig(id);
    const changes = Object.fromEntries(
      Object.entries(data)
        .filter(([k, v]) => JSON.stringify(current[k as keyof ModelEndpoint]) !== JSON.stringify(v))
        .map(([k, v]) => [k, { from: current[k as keyof ModelEndpoint], to: v }]),
    );
    await recordAudit({ actor, action: "endpoint.update", target: { type: "model_endpoint", id }, details: auditable(resetLearned ? { ...changes, resetLearned: true } : changes, apiKey) });
    return toView(row);
  } catch (err) {
    throw mapUnique(err, data.name ?? current.name);
  }
}

/**
 * A stored key was given for one server. Moving the endpoint to another base URL while keeping
 * the key would send it there — an admin could read any stored key by pointing the endpoint at
 * a server they run. So a new URL needs the key typed again (or the stored key removed, or a
 * variable chosen instead); we refuse rather than silently drop the key, so a run does not
 * later fail for a key nobody knew was gone.
 */
function assertKeyFollowsUrl(current: ModelEndpoint, data: { baseUrl?: string; apiKeyEnv?: string | null }, apiKey: string | null | undefined): void {
  const moves = data.baseUrl !== undefined && data.baseUrl !== current.baseUrl;
  const keepsStoredKey = current.apiKeyEncrypted !== null && apiKey === undefined && !data.apiKeyEnv;
  if (moves && keepsStoredKey) {
    throw badRequest(
      `Changing the base URL (to ${data.baseUrl}) needs the API key typed again: the stored key was given for ${current.baseUrl} and is not sent to a new server`,
    );
  }
}

/** Runs that used the endpoint keep their numbers; their pages show it as deleted. */
export async function deleteEndpoint(id: number, actor: Actor): Promise<{ ok: true }> {
  const row = await db().modelEndpoint.delete({ where: { id } }).catch((err: unknown) => {
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2025") throw notFound(`Model endpoint #${id}`);
    throw err;
  });
  invalidateEndpointConfig(id);
  await recordAudit({ actor, action: "endpoint.delete", target: { type: "model_endpoint", id }, details: { name: row.name, baseUrl: row.baseUrl, model: row.model } });
  return { ok: true };
}

export type EndpointTestResult =
  | {
      ok: true; answer: string; latencyMs: number; promptTokens: number; completionTokens: number;
      /** Thinking shown apart from the answer (reasoning models), and how the answer ended. */
      reasoning: string | null; reasoningTokens: number; finishReason: string | null;
      /** What this test taught Edgewise about the endpoint (stored; also on the settings page). */
      learned: string[];
      /** Something worth knowing that is not a failure (a refusal, a cut-off answer). */
      note: string | null;
    }
  | { ok: false; error: { kind: string; message: string; status?: number }; learned?: string[] };

/** Test requests leave room for a reasoning model's thinking (16 tokens went on reasoning alone). */
const TEST_MAX_TOKENS = 512;

/**
 * One tiny request with two samples, no retries: the admin sees the answer, or exactly what
 * went wrong (status and the server's own message), not a generic failure. Asking for n = 2
 * at temperature 0 with a token limit is what finds the quirks (protocol.ts): a server that
 * refuses or ignores n, a model that takes max_completion_tokens or no temperature. Each is
 * adapted to once and remembered, and the result says what was learned.
 */
export async function testEndpoint(id: number): Promise<EndpointTestResult> {
  await getEndpoint(id); // 404 for a missing endpoint, not a "failed" test
  invalidateEndpointConfig(id); // test what is saved now
  try {
    const r = await chat(
      id,
      { messages: [{ role: "user", content: "Reply with the single word: ready" }], n: 2, temperature: 0, maxTokens: TEST_MAX_TOKENS },
      { maxAttempts: 1, timeoutMs: 30_000 },
    );
    const first = r.details[0];
    const note = first.refusal !== null ? `The model refused: ${first.refusal}`
      : first.finishReason === "length" ? `The answer was cut off at ${TEST_MAX_TOKENS} tokens${first.reasoning ? " while reasoning" : ""}: runs need a higher max tokens`
      : first.finishReason === "content_filter" ? "The provider's content filter stopped the answer"
      : null;
    return {
      ok: true, answer: first.text, latencyMs: r.latencyMs, promptTokens: r.promptTokens, completionTokens: r.completionTokens,
      reasoning: first.reasoning, reasoningTokens: r.reasoningTokens, finishReason: first.finishReason, learned: r.learned, note,
    };
  } catch (err) {
    if (err instanceof ModelCallError) {
      invalidateEndpointConfig(id);
      const { learned } = await getEndpoint(id); // a 400 may have taught something before the final failure
      return { ok: false, error: { kind: err.kind, message: err.message, status: err.status }, ...(learned.length ? { learned } : {}) };
    }
    throw err;
  }
}

function mapUnique(err: unknown, name: string): unknown {
  if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002") {
    return conflict(`An endpoint named "${name}" already exists`);
  }
  return err;
}
