// The simulator for bench:scoring, as its own process (as in production the model server is
// elsewhere): fixed latency, no jitter, no faults, knowing the bench pool's answers.
// argv: <items> <latencyMs>. Prints the base URL on stdout once listening; then, for each
// line on stdin, "reset" zeroes its counters and "stats" prints them as one JSON line.
import readline from "node:readline";
import { startSimulator } from "@/lib/models/simulator";
import { benchItems } from "./items";

const [n, latency] = process.argv.slice(2).map(Number);
const sim = await startSimulator({
  withDemoKey: false,
  latencyMs: latency,
  latencyJitterMs: 0,
  answerKeys: benchItems(n).map((i) => ({ prompt: i.prompt, kind: "math" as const, answer: i.answer })),
});
process.stdout.write(`${sim.url}\n`);
readline.createInterface({ input: process.stdin }).on("line", (line) => {
  if (line === "reset") sim.resetStats();
  if (line === "stats") process.stdout.write(`${JSON.stringify(sim.stats())}\n`);
});
process.on("SIGTERM", () => {
  const s = sim.stats();
  process.stderr.write(`[simulator] requests ${s.requests}, completions ${s.completions}, max in flight ${s.maxInFlight}\n`);
  void sim.close().then(() => process.exit(0));
});
