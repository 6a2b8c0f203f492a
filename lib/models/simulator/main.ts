// `npm run model:sim [-- --port 3090 --latency 200 --jitter 300 --rate-429 0.05 ...]`: the
// simulated OpenAI-compatible endpoint as its own process. Flags override EDGEWISE_SIM_* env.
// It knows the demo data's answers, plus `--answers FILE` (JSONL {prompt, answer, kind?}),
// plus, with `--answers-from-db` (what `npm start` passes), every reference in the database.
import { parseArgs } from "node:util";
import { env } from "@/lib/env";
import { readAnswersFile } from "./answer-key";
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
    help: { type: "boolean", short: "h" },
  },
});

if (values.help) {
  console.log("usage: model:sim [--port N] [--host H] [--latency MS] [--jitter MS] [--rate-429 P] [--rate-5xx P] [--rate-garbage P] [--seed N] [--answers FILE.jsonl] [--answers-from-db]");
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

const sim = await startSimulator({
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
console.log(`[simulator] simulated OpenAI-compatible endpoint on ${sim.url}  (models: sim-target, sim-strong)${lookup ? "; answers also from the database's references" : ""}`);

let closing = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (closing) return;
    closing = true;
    void sim.close().then(() => process.exit(0));
  });
}
