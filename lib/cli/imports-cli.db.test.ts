import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemActor } from "@/lib/audit";
import { createApiToken, principalByEmail } from "@/lib/auth/tokens";
import { createUser } from "@/lib/auth/users";
import { importFile } from "@/lib/candidates/import";
import { pool } from "@/lib/db/client";
import { runDecontamCheck } from "@/lib/dedup";
import { runNearDupPassJob } from "@/lib/dedup/run";
import { createDomain } from "@/lib/domains";
import { createRun } from "@/lib/scoring/runs";
import { createTestEndpoint, testActor } from "@/lib/scoring/test-fixtures";
import { edgewiseInProcess } from "@/lib/testing/cli";
import { useMigratedDatabase } from "@/lib/testing/db";
import { serveRoutes } from "@/lib/testing/route-server";
import * as importsRoute from "@/app/api/imports/route";
import * as importRoute from "@/app/api/imports/[id]/route";
import * as actionsRoute from "@/app/api/imports/[id]/actions/route";
import * as errorsRoute from "@/app/api/imports/[id]/errors/route";

// `edgewise imports` on the database directly (in-process: the code the binary runs after its
// startup, exit status included), and one list, status and refused discard through a running
// server with a lead's token.

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cli-imports-"));
const edgewise = (...args: string[]) => edgewiseInProcess(dir, args);
const json = (r: { code: number | null; out: string; err: string }) => {
  expect(r.code, r.err).toBe(0);
  return JSON.parse(r.out);
};
const candidates = async (batchId: number) => Number((await pool().query("select count(*) as n from candidate where batch_id = $1", [batchId])).rows[0].n);

/** Run the checks a CLI import recorded for the worker, as the worker would. */
async function runQueuedChecks(batchId: number) {
  const passes = await pool().query<{ id: number }>("select id from neardup_pass where batch_id = $1 and status = 'queued'", [batchId]);
  for (const { id } of passes.rows) await runNearDupPassJob(id);
  const checks = await pool().query<{ id: number }>("select id from decontam_check where batch_id = $1 and status = 'queued'", [batchId]);
  for (const { id } of checks.rows) await runDecontamCheck(id);
}

let mapped = 0; // into algebra: 2 inserted, 1 rejected, generic with a mapping (CLI)
let held = 0; // into held: 2 candidates in a scoring run (lib import, no checks queued)

beforeAll(async () => {
  await useMigratedDatabase();
  await createDomain({ slug: "algebra", name: "Algebra" }, systemActor);
  await createDomain({ slug: "held", name: "Held" }, systemActor);
  fs.writeFileSync(path.join(dir, "pool.jsonl"), '{"question":"What is 2+3?","answer":"5"}\n{"question":\n{"question":"What is 4+4?","answer":"8"}\n');
  fs.writeFileSync(path.join(dir, "held.jsonl"), '{"prompt":"Held prompt one?","answer":"1"}\n{"prompt":"Held prompt two?","answer":"2"}\n');
  mapped = json(await edgewise("import", "pool.jsonl", "--domain", "algebra", "--map", "prompt=question", "--json")).batchId;
  held = (await importFile(path.join(dir, "held.jsonl"), { domainSlug: "held", format: "generic", createdBy: "t" })).batchId;
  const endpoint = await createTestEndpoint("sim-imports-cli", "http://127.0.0.1:9/v1");
  await createRun({ domain: "held", targetEndpointId: endpoint.id, phase: "scaling", k: 2, mode: "batch" }, testActor);
});

describe("edgewise imports, on the database", () => {
  it("lists imports newest first, filtered by domain and status", async () => {
    const list = await edgewise("imports", "list");
    expect(list.code, list.err).toBe(0);
    expect(list.out).toMatch(/^id\s+domain\s+status\s+read\s+inserted\s+dups\s+rejected\s+created\s+by\s+file/);
    expect(list.out).toMatch(new RegExp(`^${mapped}\\s+algebra\\s+done\\s+3\\s+2\\s+0\\s+1\\s+.*pool\\.jsonl$`, "m"));
    expect(list.out.indexOf(`\n${held} `)).toBeLessThan(list.out.indexOf(`\n${mapped} `));
    expect(json(await edgewise("imports", "list", "--domain", "held", "--json")).map((b: { id: number }) => b.id)).toEqual([held]);
    expect(json(await edgewise("imports", "list", "--domain", "nope", "--json"))).toEqual([]);
    expect((await edgewise("imports", "list", "--status", "failed")).out).toContain("No imports match");
    const bad = await edgewise("imports", "list", "--status", "finished");
    expect(bad.code).toBe(2);
    expect(bad.err).toContain("--status must be one of queued, running, done");
  });

  it("status shows the counts, who and when, the mapping and the rejected lines; --json the API's shape", async () => {
    const text = await edgewise("imports", "status", String(mapped));
    expect(text.code, text.err).toBe(0);
    expect(text.out).toContain(`import #${mapped} done: pool.jsonl → algebra (generic)`);
    expect(text.out).toContain("read 3 lines: 2 inserted, 0 duplicates, 1 rejected");
    expect(text.out).toContain(`by cli (${os.userInfo().username}) · queued `);
    expect(text.out).toContain("mapping: prompt ← question");
    expect(text.out).toMatch(/line 2: invalid JSON/);
    const view = json(await edgewise("imports", "status", String(mapped), "--json"));
    expect(view).toMatchObject({ id: mapped, status: "done", inserted: 2, rejected: 1, mapping: { prompt: "question" }, domain: { slug: "algebra" }, moreErrors: false });
    expect(view.errors).toEqual([expect.objectContaining({ line: 2, severity: "error" })]);
    expect(view).not.toHaveProperty("uploadPath");
  });

  it("discard waits for the import's checks, then deletes its candidates; status then says discarded", async () => {
    // A CLI import leaves its checks queued for the worker; the discard must not race them.
    const early = await edgewise("imports", "discard", String(mapped));
    expect(early.code).toBe(1);
    expect(early.err).toContain(`edgewise imports: Import #${mapped} cannot be discarded while a near-duplicate check of its domain is queued for the worker`);
    expect(early.err).toContain("try again when it is done");
    expect(await candidates(mapped)).toBe(2);
    await runQueuedChecks(mapped);

    const done = await edgewise("imports", "discard", String(mapped));
    expect(done.code, done.err).toBe(0);
    expect(done.out.trim()).toBe(`import #${mapped} discarded: 2 candidates deleted; the file can be imported again`);
    expect(await candidates(mapped)).toBe(0);
    const status = await edgewise("imports", "status", String(mapped));
    expect(status.out).toContain(`import #${mapped} discarded: pool.jsonl`);
    expect(status.out).toMatch(new RegExp(`discarded by cli \\(${os.userInfo().username}\\) on .* UTC: 2 candidates deleted`));
    expect(json(await edgewise("imports", "list", "--status", "discarded", "--json")).map((b: { id: number }) => b.id)).toEqual([mapped]);
    const again = await edgewise("imports", "discard", String(mapped));
    expect(again.code).toBe(1);
    expect(again.err).toContain(`Import #${mapped} was already discarded`);
  });

  it("a discard of candidates in a scoring run is refused (exit 1) with what holds them, deleting nothing", async () => {
    const r = await edgewise("imports", "discard", String(held));
    expect(r.code).toBe(1);
    expect(r.err.trim()).toBe(`edgewise imports: Import #${held} cannot be discarded: of its 2 candidates, 2 are in scoring runs. Work done on them is kept.`);
    expect(r.err).not.toContain("Usage:");
    expect(await candidates(held)).toBe(2);
  });

  it("cancel or retry of a finished import fails (exit 1) and says why", async () => {
    const cancel = await edgewise("imports", "cancel", String(held));
    expect(cancel.code).toBe(1);
    expect(cancel.err).toContain(`Import #${held} is done; only a queued, running or interrupted import can be cancelled`);
    const retry = await edgewise("imports", "retry", String(held));
    expect(retry.code).toBe(1);
    expect(retry.err).toContain(`Import #${held} is done; only a failed or interrupted import can be retried`);
    // A queued one (nobody ran it yet) is cancelled, and status says by whom.
    const { rows } = await pool().query<{ id: number }>(
      "insert into import_batch (domain_id, file_name, format, status, created_by) select id, 'later.jsonl', 'generic', 'queued', 't' from domain where slug = 'held' returning id",
    );
    const queued = rows[0].id;
    const cancelled = await edgewise("imports", "cancel", String(queued));
    expect(cancelled.code, cancelled.err).toBe(0);
    expect(cancelled.out.trim()).toBe(`import #${queued} cancelled at line 0`);
    expect((await edgewise("imports", "status", String(queued))).out).toContain(`cancelled: cancelled by cli (${os.userInfo().username})`);
    const missing = await edgewise("imports", "status", "999999");
    expect(missing.code).toBe(1);
    expect(missing.err).toContain("Import #999999 not found");
  });

  it("bad usage exits 2 with the command's help", async () => {
    for (const args of [["status"], ["discard", "abc"], ["cancel", "1", "2"], ["frobnicate"], []]) {
      const r = await edgewise("imports", ...args);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.err).toContain("Usage: edgewise imports list");
    }
    expect((await edgewise("imports", "status")).err).toContain("give the import ID as a positive whole number");
  });
});

describe("edgewise imports, through a server with a token", () => {
  let server: Awaited<ReturnType<typeof serveRoutes>>;
  let token = "";
  const remote = (...args: string[]) => edgewise("imports", ...args, "--url", server.url, "--token", token);

  beforeAll(async () => {
    server = await serveRoutes({
      "/api/imports": { GET: importsRoute.GET },
      "/api/imports/[id]": { GET: importRoute.GET },
      "/api/imports/[id]/errors": { GET: errorsRoute.GET },
      "/api/imports/[id]/actions": { POST: actionsRoute.POST },
    });
    await createUser(systemActor, { email: "lead@imports.test", name: "Lead", role: "lead" });
    token = (await createApiToken(await principalByEmail("lead@imports.test"), { name: "imports" })).token;
  });
  afterAll(() => server?.close());

  it("lists and shows imports through the API, and a refused discard fails with the server's reason", async () => {
    expect(json(await remote("list", "--domain", "held", "--status", "done", "--json")).map((b: { id: number }) => b.id)).toEqual([held]);
    expect(json(await remote("status", String(held), "--json"))).toMatchObject({ id: held, status: "done", inserted: 2, errors: [] });
    const refused = await remote("discard", String(held));
    expect(refused.code).toBe(1);
    expect(refused.err).toContain(`409 from ${server.url}/api/imports/${held}/actions: Import #${held} cannot be discarded`);
    expect(await candidates(held)).toBe(2);
  });
});
