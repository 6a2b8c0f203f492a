import { z } from "zod";
import { samplesPerRequestModes, temperatureModes, tokenParamModes } from "./protocol";

// Input schemas for model endpoints: pure zod, so the browser form can share the role list.

export const endpointRoles = ["target", "teacher", "judge"] as const;
export type EndpointRoleName = (typeof endpointRoles)[number];

/**
 * The variables an endpoint may name as its key. The gateway sends that variable's value to
 * the endpoint's base URL, so an open choice let an admin read any secret of the process
 * (HOME, DATABASE_URL, EDGEWISE_AUTH_SECRET) by pointing an endpoint at their own server. Only
 * names made for the purpose are taken: EDGEWISE_KEY_<NAME>, or the usual provider variables.
 */
export const KEY_ENV_PREFIX = "EDGEWISE_KEY_";
export const KEY_ENV_ALLOWED = [
  "OPENAI_API_KEY",
  "AZURE_OPENAI_API_KEY",
  "ANTHROPIC_API_KEY",
  "GEMINI_API_KEY",
  "MISTRAL_API_KEY",
  "GROQ_API_KEY",
  "TOGETHER_API_KEY",
  "DEEPSEEK_API_KEY",
  "OPENROUTER_API_KEY",
  "FIREWORKS_API_KEY",
] as const;
export const isAllowedKeyEnv = (name: string) => /^EDGEWISE_KEY_[A-Z0-9_]+$/.test(name) || (KEY_ENV_ALLOWED as readonly string[]).includes(name);
const keyEnvMessage = `must be ${KEY_ENV_PREFIX}<NAME> (capitals, digits, _) or one of ${KEY_ENV_ALLOWED.join(", ")}`;

const baseUrl = z
  .string()
  .trim()
  .url("must be a URL like https://api.openai.com/v1")
  .refine((u) => /^https?:\/\//i.test(u), "must start with http:// or https://")
  .transform((u) => u.replace(/\/+$/, ""));

const apiKeyEnv = z
  .string()
  .trim()
  .max(100)
  .refine(isAllowedKeyEnv, keyEnvMessage);

const thinkTag = z.string().trim().min(1, "required").max(40);

const limit = z.number().int().positive().max(100_000_000);
const price = z.number().min(0).max(100_000);

const fields = {
  name: z.string().trim().min(1, "required").max(100),
  baseUrl,
  model: z.string().trim().min(1, "required").max(200),
  apiKeyEnv: apiKeyEnv.nullable(),
  roles: z.array(z.enum(endpointRoles)).min(1, "pick at least one role").transform((r) => [...new Set(r)]),
  maxConcurrent: z.number().int().min(1).max(4096),
  requestsPerMinute: limit.nullable(),
  tokensPerMinute: limit.nullable(),
  priceInput: price,
  priceOutput: price,
  simulated: z.boolean(),
  // Provider quirks (protocol.ts): "auto" adapts to the provider's 400 and remembers.
  samplesPerRequest: z.enum(samplesPerRequestModes),
  tokenParam: z.enum(tokenParamModes),
  temperatureMode: z.enum(temperatureModes),
  thinkOpen: thinkTag,
  thinkClose: thinkTag,
};

const oneKeySource = (d: { apiKey?: string | null; apiKeyEnv?: string | null }) => !(d.apiKey && d.apiKeyEnv);
const oneKeyMessage = { message: "give either a key or the name of a variable holding it, not both", path: ["apiKey"] };

export const createEndpointSchema = z
  .object({
    ...fields,
    apiKeyEnv: fields.apiKeyEnv.optional(),
    /** Typed into the UI: stored encrypted, never shown again. */
    apiKey: z.string().trim().min(1).max(4096).optional(),
    maxConcurrent: fields.maxConcurrent.default(8),
    requestsPerMinute: fields.requestsPerMinute.optional(),
    tokensPerMinute: fields.tokensPerMinute.optional(),
    priceInput: price.default(0),
    priceOutput: price.default(0),
    simulated: fields.simulated.default(false),
    samplesPerRequest: fields.samplesPerRequest.default("auto"),
    tokenParam: fields.tokenParam.default("auto"),
    temperatureMode: fields.temperatureMode.default("auto"),
    thinkOpen: thinkTag.default("<think>"),
    thinkClose: thinkTag.default("</think>"),
  })
  .refine(oneKeySource, oneKeyMessage);
export type CreateEndpointInput = z.input<typeof createEndpointSchema>;

export const updateEndpointSchema = z
  .object({
    ...fields,
    /** A new key replaces the stored one; null removes it; absent keeps it. */
    apiKey: z.string().trim().min(1).max(4096).nullable(),
    /** Forget what "auto" learned (the next requests find out again). */
    resetLearned: z.boolean(),
  })
  .partial()
  .refine(oneKeySource, oneKeyMessage);
export type UpdateEndpointInput = z.input<typeof updateEndpointSchema>;
