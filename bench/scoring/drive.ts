// One driver process of `bench:scoring --workers N`: loads everything, drives the warm-up run
// (with the other driver processes), says "ready", drives the run when the bench writes "go"
// (so process start-up and V8's warm-up are not timed), then prints its result and the CPU
// seconds it used as one JSON line. argv: <runId> <warmUpRunId>. Several of these share the run the way
// worker processes do: items leased per driver, endpoint slots per process (endpoint_slot).
import readline from "node:readline";
import { disconnect } from "@/lib/db/client";
import { closeGateway } from "@/lib/models/gateway";
import { driveRun } from "@/lib/scoring/driver";

const [runId, warmUpRunId] = process.argv.slice(2).map(Number);
await driveRun(warmUpRunId, { continueAsJob: false });
console.log("ready");
await new Promise((resolve) => readline.createInterface({ input: process.stdin }).once("line", resolve));
const before = process.cpuUsage();
const result = await driveRun(runId, { continueAsJob: false });
const used = process.cpuUsage(before);
console.log(JSON.stringify({ result, cpu: (used.user + used.system) / 1e6 }));
await closeGateway().catch(() => {});
await disconnect();
process.exit(0);
