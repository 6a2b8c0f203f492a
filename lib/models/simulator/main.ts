// `npm run model:sim [-- --port 3090 --latency 200 --jitter 300 --rate-429 0.05 ...]`: the
// simulated OpenAI-compatible endpoint as its own process. Flags override EDGEWISE_SIM_* env.
// It knows the demo data's answers, plus `--answers FILE` (JSONL {prompt, answer, kind?}),
// plus, with `--answers-from-db` (what `npm start` passes), every reference in the database.
import { parseArgs } from "node:util";
import { env } from "@/lib/env";
import { readAnswersFile } from "./answer-key";
import { nModes, reasoningStyles, type Quirks } from "./quirks";
import { startSimulator } from "./server";

const { values } = parseArgs({
  options: {
    port: { type: "string" },
    host: { type: "string" },
    latency: { type: "string" },
    jitter: { type: "string" },
    "rate-429": { type: "string" },
    "rate-5xx": { type: "string" },
    "rate-garbage": { type: "string" },
    seed: { type: "string" },
    answers: { type: "string" },
    "answers-from-db": { type: "boolean" },
    // Provider quirks (quirks.ts): play a reasoning model or a strict provider.
    n: { type: "string" },
    "refuse-max-tokens": { type: "boolean" },
    "refuse-temperature": { type: "boolean" },
    reasoning: { type: "string" },
    "reasoning-tokens": { type: "string" },
    "rate-refusal": { type: "string" },
    "rate-content-filter": { type: "string" },
    help: { type: "boolean", short: "h" },
  },
});

if (values.help) {
  console.log(
    "usage: model:sim [--port N] [--host H] [--latency MS] [--jitter MS] [--rate-429 P] [--rate-5xx P] [--rate-garbage P] [--seed N] [--answers FILE.jsonl] [--answers-from-db]\n" +
      "       provider quirks: [--n honour|ignore|refuse] [--refuse-max-tokens] [--refuse-temperature] [--reasoning none|think|reasoning_content|reasoning]\n" +
      "                        [--reasoning-tokens N] [--rate-refusal P] [--rate-content-filter P]\n" +
      "       a reasoning model like o3-mini: --reasoning reasoning_content --refuse-max-tokens --refuse-temperature",
  );
  process.exit(0);
}

function num(flag: string | undefined, fallback: number | undefined, name: string): number | undefined {
  if (flag === undefined) return fallback;
  const n = Number(flag);
  if (!Number.isFinite(n) || n < 0) {
    console.error(`--${name} must be a non-negative number`);
    process.exit(2);
  }
  return n;
}

let answerKeys: ReturnType<typeof readAnswersFile> | undefined;
if (values.answers) {
  try {
    answerKeys = readAnswersFile(values.answers);
  } catch (err) {
    console.error(`--answers: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(2);
  }
  console.log(`[simulator] learned ${answerKeys.length} answers from ${values.answers}`);
}
// Imported lazily: a standalone simulator needs no database.
const lookup = values["answers-from-db"]
  ? (await import("./db-answers")).dbAnswerLookup((await import("@/lib/db/client")).pool())
  : undefined;

function oneOf<T extends string>(flag: string | undefined, fallback: T | undefined, allowed: readonly T[], name: string): T | undefined {
  if (flag === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(flag)) {
    console.error(`--${name} must be one of ${allowed.join(", ")}`);
    process.exit(2);
  }
  return flag as T;
}

const quirks: Partial<Quirks> = {
  n: oneOf(values.n, env.EDGEWISE_SIM_N, nModes, "n"),
  refuseMaxTokens: values["refuse-max-tokens"] ?? (env.EDGEWISE_SIM_REFUSE_MAX_TOKENS === undefined ? undefined : env.EDGEWISE_SIM_REFUSE_MAX_TOKENS === "1"),
  refuseTemperature: values["refuse-temperature"] ?? (env.EDGEWISE_SIM_REFUSE_TEMPERATURE === undefined ? undefined : env.EDGEWISE_SIM_REFUSE_TEMPERATURE === "1"),
  reasoning: oneOf(values.reasoning, env.EDGEWISE_SIM_REASONING, reasoningStyles, "reasoning"),
  reasoningTokens: num(values["reasoning-tokens"], env.EDGEWISE_SIM_REASONING_TOKENS, "reasoning-tokens"),
  rateRefusal: num(values["rate-refusal"], env.EDGEWISE_SIM_RATE_REFUSAL, "rate-refusal"),
  rateContentFilter: num(values["rate-content-filter"], env.EDGEWISE_SIM_RATE_CONTENT_FILTER, "rate-content-filter"),
};
const playing = Object.entries(quirks).filter(([, v]) => v !== undefined && v !== false).map(([k, v]) => `${k}=${v}`);

const sim = await startSimulator({
  quirks,
  answerKeys,
  lookup,
  port: num(values.port, env.EDGEWISE_SIM_PORT, "port"),
  host: values.host ?? "127.0.0.1",
  // A demo endpoint should feel like one: a few hundred ms per answer unless told otherwise.
  latencyMs: num(values.latency, env.EDGEWISE_SIM_LATENCY_MS ?? 150, "latency"),
  latencyJitterMs: num(values.jitter, env.EDGEWISE_SIM_JITTER_MS ?? 250, "jitter"),
  rate429: num(values["rate-429"], env.EDGEWISE_SIM_RATE_429, "rate-429"),
  rate5xx: num(values["rate-5xx"], env.EDGEWISE_SIM_RATE_5XX, "rate-5xx"),
  rateGarbage: num(values["rate-garbage"], env.EDGEWISE_SIM_RATE_GARBAGE, "rate-garbage"),
  seed: num(values.seed, env.EDGEWISE_SIM_SEED, "seed"),
});
console.log(`[simulator] simulated OpenAI-compatible endpoint on ${sim.url}  (models: sim-target, sim-strong, sim-reasoner)${lookup ? "; answers also from the database's references" : ""}`);
if (playing.length) console.log(`[simulator] provider quirks: ${playing.join(", ")}`);

let closing = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (closing) return;
    closing = true;
    void sim.close().then(() => process.exit(0));
  });
}
