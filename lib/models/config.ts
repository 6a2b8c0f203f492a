import { db } from "@/lib/db/client";
import { namedSecret } from "@/lib/env";
import { isAllowedKeyEnv } from "./endpoint-schema";
import { ModelCallError } from "./errors";
import { learnedSchema, samplesPerRequestModes, temperatureModes, tokenParamModes, type EndpointProtocol } from "./protocol";
import { decryptApiKey } from "./secret";

// What the gateway needs to call an endpoint, read once every few seconds per process rather
// than on every request (a run sends thousands per second). Edits reach workers within TTL_MS.

const TTL_MS = 5_000;

export interface EndpointConfig {
  id: number;
  baseUrl: string;
  model: string;
  /** The key to send, or null when the endpoint takes none (local vLLM, Ollama, simulator). */
  apiKey: string | null;
  maxConcurrent: number;
  requestsPerMinute: number | null;
  tokensPerMinute: number | null;
  /** Which request parameters the endpoint takes (protocol.ts). */
  protocol: EndpointProtocol;
  /** Changes whenever the row does: the gateway's cached endpoint state is rebuilt on change. */
  version: string;
}

const cache = new Map<number, { at: number; config: Promise<EndpointConfig> }>();

export function endpointConfig(id: number, now = Date.now()): Promise<EndpointConfig> {
  const hit = cache.get(id);
  if (hit && now - hit.at < TTL_MS) return hit.config;
  const config = loadConfig(id);
  cache.set(id, { at: now, config });
  config.catch(() => cache.delete(id)); // a failed read is not cached
  return config;
}

/** Forget cached settings (after an edit in this process). */
export function invalidateEndpointConfig(id?: number): void {
  if (id === undefined) cache.clear();
  else cache.delete(id);
}

async function loadConfig(id: number): Promise<EndpointConfig> {
  const row = await db().modelEndpoint.findUnique({ where: { id } });
  if (!row) throw new ModelCallError("client_error", `Model endpoint ${id} does not exist`);
  return {
    id: row.id,
    baseUrl: row.baseUrl,
    model: row.model,
    apiKey: resolveApiKey(row),
    maxConcurrent: row.maxConcurrent,
    requestsPerMinute: row.requestsPerMinute,
    tokensPerMinute: row.tokensPerMinute,
    protocol: protocolOf(row),
    version: row.updatedAt.toISOString(),
  };
}

/** The named environment variable wins over a stored key; neither means "no key". */
export function resolveApiKey(row: { apiKeyEnv: string | null; apiKeyEncrypted: Uint8Array | null }): string | null {
  if (row.apiKeyEnv) {
    // A row saved before names were limited (endpoint-schema.ts) must not read HOME or the auth secret.
    if (!isAllowedKeyEnv(row.apiKeyEnv)) throw new ModelCallError("client_error", `Environment variable ${row.apiKeyEnv} is not one an endpoint may use as its key; edit the endpoint`);
    const value = namedSecret(row.apiKeyEnv);
    if (!value) throw new ModelCallError("client_error", `Environment variable ${row.apiKeyEnv} (this endpoint's API key) is not set`);
    return value;
  }
  if (row.apiKeyEncrypted) {
    try {
      return decryptApiKey(row.apiKeyEncrypted);
    } catch (err) {
      throw new ModelCallError("client_error", (err as Error).message);
    }
  }
  return null;
}

/** An endpoint row's protocol settings (unknown stored values read as "auto"). */
export function protocolOf(row: {
  samplesPerRequest: string; tokenParam: string; temperatureMode: string; thinkOpen: string; thinkClose: string; protocolLearned: unknown;
}): EndpointProtocol {
  const pick = <T extends string>(v: string, allowed: readonly T[]) => ((allowed as readonly string[]).includes(v) ? (v as T) : allowed[0]);
  return {
    samplesPerRequest: pick(row.samplesPerRequest, samplesPerRequestModes),
    tokenParam: pick(row.tokenParam, tokenParamModes),
    temperatureMode: pick(row.temperatureMode, temperatureModes),
    thinkOpen: row.thinkOpen,
    thinkClose: row.thinkClose,
    learned: learnedSchema.parse(row.protocolLearned ?? {}),
  };
}
