import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { systemActor } from "@/lib/audit";
import { createUser } from "@/lib/auth/users";
import { pool } from "@/lib/db/client";
import { createEndpoint } from "@/lib/models/endpoints";
import { edgewiseInProcess, runEdgewise } from "@/lib/testing/cli";
import { useMigratedDatabase } from "@/lib/testing/db";

// The lead actions of `edgewise` on the database directly (no token): in-process (the code the
// binary runs after its startup), and through the real binary where the process itself is
// under test (exit statuses). The same commands through a server with a token run in
// docs/scripting (scripting.db.test.ts).

let url = "";
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cli-cmds-"));
const binary = (...args: string[]) => runEdgewise(dir, url, args);
const edgewise = (...args: string[]) => edgewiseInProcess(dir, args);
const json = (r: { code: number | null; out: string; err: string }) => {
  expect(r.code, r.err).toBe(0);
  return JSON.parse(r.out);
};

beforeAll(async () => {
  url = await useMigratedDatabase();
  await createEndpoint({ name: "Sim target", baseUrl: "http://127.0.0.1:9/v1", model: "sim-target", roles: ["target"] }, systemActor);
  await createUser(systemActor, { email: "rev@cli.test", name: "Rev", role: "reviewer" });
  fs.writeFileSync(path.join(dir, "pool.jsonl"), Array.from({ length: 12 }, (_, i) => JSON.stringify({ prompt: `What is ${i}+1?`, answer: String(i + 1) })).join("\n"));
  fs.writeFileSync(path.join(dir, "no-domain.jsonl"), '{"prompt":"a"}\n{"prompt":"b"}\n');
  fs.writeFileSync(path.join(dir, "own-domain.jsonl"), '{"prompt":"c"}\n{"prompt":"d","domain":"algebra"}\n');
});

describe("edgewise domains", async () => {
  it("creates, lists and updates a domain; --json prints what the API would", async () => {
    const created = json(await edgewise("domains", "create", "algebra", "--name", "Algebra", "--band-low", "0.2", "--json"));
    expect(created).toMatchObject({ slug: "algebra", name: "Algebra", bandLow: 0.2, bandHigh: 0.9 });
    const updated = json(await edgewise("domains", "update", "algebra", "--quota", "500", "--consensus", "unanimous", "--json"));
    expect(updated).toMatchObject({ slug: "algebra", quota: 500, consensus: "unanimous" });
    const list = await edgewise("domains", "list");
    expect(list.code).toBe(0);
    expect(list.out).toMatch(/algebra\s+Algebra\s+math\s+0\.2–0\.9\s+500/);
  });

  it("--guidelines-file sets the review guidelines from a file; an empty one clears them", async () => {
    fs.writeFileSync(path.join(dir, "guide.txt"), "Accept when the reference is right.\r\nReject ambiguous prompts.\r\n");
    const set = json(await edgewise("domains", "update", "algebra", "--guidelines-file", "guide.txt", "--json"));
    expect(set.reviewGuidelines).toBe("Accept when the reference is right.\nReject ambiguous prompts.");
    fs.writeFileSync(path.join(dir, "empty.txt"), "");
    expect(json(await edgewise("domains", "update", "algebra", "--guidelines-file", "empty.txt", "--json")).reviewGuidelines).toBeNull();
    const missing = await edgewise("domains", "update", "algebra", "--guidelines-file", "nope.txt");
    expect(missing.code).toBe(1);
    expect(missing.err).toContain("nope.txt: no such file");
  });

  it("bad values are bad usage (2) naming the flag; a conflict is a failure (1)", async () => {
    const bad = await edgewise("domains", "create", "geo", "--name", "Geo", "--band-low", "0.9", "--band-high", "0.5");
    expect(bad.code).toBe(2);
    expect(bad.err).toContain("--band-low: band low must be below band high");
    const nan = await edgewise("domains", "update", "algebra", "--quota", "lots");
    expect(nan.code).toBe(2);
    expect(nan.err).toContain('--quota must be a number, not "lots"');
    const taken = await edgewise("domains", "create", "algebra", "--name", "Algebra again");
    expect(taken.code).toBe(1);
    expect(taken.err).not.toContain("Usage:");
  });
});

describe("edgewise import (files and domains)", async () => {
  it("a missing file is a failure (1) naming its absolute path, without the whole help", async () => {
    const r = binary("import", "nope.jsonl", "--domain", "algebra");
    expect(r.code).toBe(1);
    expect(r.err).toContain(`cannot read ${path.join(fs.realpathSync(dir), "nope.jsonl")}: no such file`);
    expect(r.err).not.toContain("Usage:");
    const verify = await edgewise("verify", "--kind", "math", "--jsonl", "gone.jsonl");
    expect(verify.code).toBe(1);
    expect(verify.err).toContain("gone.jsonl: no such file");
  });

  it("without --domain, a file whose lines name no domain is refused before a batch is made", async () => {
    const before = (await pool().query("select count(*)::int as n from import_batch")).rows[0].n;
    const r = binary("import", "no-domain.jsonl");
    expect(r.code).toBe(2);
    expect(r.err).toContain("name no domain");
    const gsm = await edgewise("import", "no-domain.jsonl", "--format", "gsm8k");
    expect(gsm.code).toBe(2);
    expect((await pool().query("select count(*)::int as n from import_batch")).rows[0].n).toBe(before);
    // Lines that name their domain need no --domain (the one without is reported, not fatal).
    expect(json(await edgewise("import", "own-domain.jsonl", "--json"))).toMatchObject({ inserted: 1, rejected: 1 });
  });
});

describe("edgewise runs, review, snapshot, mixture", async () => {
  it("starts a run by endpoint name, shows it, cancels it; wait exits 1 for a cancelled run", async () => {
    json(await edgewise("import", "pool.jsonl", "--domain", "algebra", "--json"));
    const run = json(await edgewise("runs", "start", "algebra", "--endpoint", "sim target", "--sample", "5", "--k", "4", "--json"));
    expect(run).toMatchObject({ domain: "algebra", phase: "exploration", k: 4, total: 5, status: "queued" });
    const status = json(await edgewise("runs", "status", String(run.id), "--json"));
    expect(status.progress).toMatchObject({ runId: run.id, total: 5, pending: 5 });
    expect(status.failures).toEqual([]); // why candidates failed: none yet
    expect(json(await edgewise("runs", "cancel", String(run.id), "--json"))).toMatchObject({ id: run.id, status: "cancelled" });
    const again = await edgewise("runs", "resume", String(run.id));
    expect(again.code, "a change the status does not allow").toBe(1);
    const wait = binary("runs", "wait", String(run.id));
    expect(wait.code).toBe(1);
    expect(wait.out).toContain(`run #${run.id} cancelled`);
    // On a terminal the same wait draws a bar in place (\r, erase line) before the last line.
    const tty = Object.getOwnPropertyDescriptor(process.stdout, "isTTY");
    Object.defineProperty(process.stdout, "isTTY", { value: true, configurable: true });
    try {
      const bar = await edgewise("runs", "wait", String(run.id));
      expect(bar.code).toBe(1);
      expect(bar.out).toContain(`\r\x1b[2Krun #${run.id} [`);
      expect(bar.out).toContain(`run #${run.id} cancelled: 0/5 items`);
    } finally {
      if (tty) Object.defineProperty(process.stdout, "isTTY", tty);
      else delete (process.stdout as { isTTY?: boolean }).isTTY;
    }
    const list = await edgewise("runs", "list", "--domain", "algebra");
    expect(list.out).toMatch(new RegExp(`${run.id}\\s+algebra\\s+exploration\\s+cancelled`));
    const unknown = await edgewise("runs", "start", "algebra", "--endpoint", "gpt-17", "--sample", "5");
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain('"Sim target" (sim-target)');
  });

  it("review needs a person on the database directly; stats, claim on an empty queue (exit 3)", async () => {
    expect((await edgewise("review", "claim", "algebra")).code).toBe(2);
    expect(json(await edgewise("review", "stats", "algebra", "--json"))).toMatchObject({ remaining: 0, accepted: 0 });
    const claim = await edgewise("review", "claim", "algebra", "--as", "rev@cli.test");
    expect(claim.code, claim.err).toBe(1); // a reviewer not assigned to the domain
    expect(claim.err).toMatch(/not assigned/);
  });

  it("snapshot create fails (1) with nothing accepted; list and mixture list answer empty", async () => {
    const none = await edgewise("snapshot", "create", "algebra");
    expect(none.code).toBe(1);
    expect(json(await edgewise("snapshot", "list", "--json"))).toEqual([]);
    expect((await edgewise("snapshot", "list")).out).toContain("No snapshots");
    expect(json(await edgewise("mixture", "list", "--json"))).toEqual([]);
    expect((await edgewise("mixture", "create", "mix", "--snapshot", "x")).code).toBe(2);
  });
});
