import { systemActor } from "@/lib/audit";
import fs from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { disconnect, pool } from "@/lib/db/client";
import { createDomain } from "@/lib/domains";
import { stopBoss } from "@/lib/jobs/boss";
import { useMigratedDatabase } from "@/lib/testing/db";
import { createImportBatch, getImportBatch, importStream, ImportNotClaimable, runImportBatch } from "./import";
import { cancelImport, retryImport } from "./import-actions";
import { beatImportBatch, claimImportBatch, setImportStatus } from "./import-lifecycle";
import { sweepImports } from "./import-sweep";
import { uploadsDir } from "./upload";

const actor = { id: null, email: "lead@test" };
const lines = (n: number, tag: string) => Array.from({ length: n }, (_, i) => JSON.stringify({ prompt: `${tag} ${i}` })).join("\n") + "\n";
const newBatch = (extra: { uploadPath?: string } = {}) => createImportBatch({ fileName: "x.jsonl", domainSlug: "life", createdBy: "t", ...extra });
const row = async (id: number) => (await pool().query("select status::text, upload_path, claim_id from import_batch where id = $1", [id])).rows[0];
/** Ages a batch's heartbeat (and times), as if its runner had died that long ago. */
const age = (id: number, seconds: number) =>
  pool().query(
    `update import_batch set heartbeat_at = now() - make_interval(secs => $2), created_at = now() - make_interval(secs => $2),
       finished_at = case when finished_at is null then null else now() - make_interval(secs => $2) end where id = $1`,
    [id, seconds],
  );

function upload(name: string, content: string): string {
  fs.mkdirSync(uploadsDir(), { recursive: true });
  const f = path.join(uploadsDir(), `${Date.now()}-${process.pid}-${name}`);
  fs.writeFileSync(f, content);
  return f;
}

beforeAll(async () => {
  await useMigratedDatabase();
  await createDomain({ slug: "life", name: "Life" }, systemActor);
});

afterAll(async () => {
  await stopBoss();
  await disconnect();
});

describe("the guarded setter and claims", () => {
  it("moves a batch only from the states given, and only one process claims it", async () => {
    const { id } = await newBatch();
    expect(await setImportStatus(pool(), id, { from: ["running"], to: "done" })).toBeNull(); // it is queued
    const claims = await Promise.all([1, 2, 3].map(() => claimImportBatch(id, { kind: "worker" }, ["queued"])));
    const won = claims.filter((c) => c !== null);
    expect(won).toHaveLength(1);
    expect(await claimImportBatch(id, { kind: "cli" }, ["queued"])).toBeNull(); // a live runner keeps it
    expect(await setImportStatus(pool(), id, { from: ["running"], to: "done", claim: crypto.randomUUID() })).toBeNull(); // not its claim

    await age(id, 3600); // its runner stopped beating an hour ago: dead
    const takeover = await claimImportBatch(id, { kind: "cli" }, ["queued"]);
    expect(takeover).not.toBeNull();
    expect(await beatImportBatch(id, won[0]!)).toBe(false); // the old runner learns it lost the batch
    expect(await beatImportBatch(id, takeover!)).toBe(true);
  });

  it("runs a batch delivered twice at once only once", async () => {
    const { id } = await newBatch();
    const results = await Promise.allSettled([importStream(id, Readable.from([Buffer.from(lines(12_000, "twice"))])), importStream(id, Readable.from([Buffer.from(lines(12_000, "twice"))]))]);
    const ok = results.filter((r) => r.status === "fulfilled");
    const refused = results.filter((r) => r.status === "rejected");
    expect(ok).toHaveLength(1);
    expect((refused[0] as PromiseRejectedResult).reason).toBeInstanceOf(ImportNotClaimable);
    expect(await getImportBatch(id)).toMatchObject({ status: "done", inserted: 12_000, duplicates: 0, linesRead: 12_000 });
  });
});

describe("cancel and retry", () => {
  it("cancel stops a running import at its next chunk and deletes its upload", async () => {
    const file = upload("cancel.jsonl", "{}\n");
    const { id } = await newBatch({ uploadPath: file });
    async function* slow() {
      yield Buffer.from(lines(6_000, "cancel-a"));
      while ((await row(id)).status !== "cancelled") await new Promise((r) => setTimeout(r, 50));
      yield Buffer.from(lines(6_000, "cancel-b"));
    }
    const running = importStream(id, slow());
    await expect.poll(async () => (await getImportBatch(id)).linesRead, { timeout: 20_000 }).toBeGreaterThan(0);
    await cancelImport(id, actor);
    await expect(running).rejects.toMatchObject({ batchStatus: "cancelled" });
    const b = await getImportBatch(id);
    expect(b).toMatchObject({ status: "cancelled", linesRead: 5_000, inserted: 5_000, errorMessage: "cancelled by lead@test" });
    expect(fs.existsSync(file)).toBe(false);
    await expect(cancelImport(id, actor)).rejects.toMatchObject({ code: "conflict" });
  });

  it("retry queues a failed upload that is still on disk; otherwise says what to do", async () => {
    const file = upload("retry.jsonl", lines(10, "retry"));
    const { id } = await newBatch({ uploadPath: file });
    const claim = (await claimImportBatch(id, { kind: "worker" }, ["queued"]))!;
    await setImportStatus(pool(), id, { from: ["running"], to: "failed", claim, errorMessage: "import stopped: boom" });
    expect(await getImportBatch(id)).toMatchObject({ status: "failed", retryable: true });
    expect(await retryImport(id, actor)).toMatchObject({ status: "queued", errorMessage: null });
    expect(await runImportBatch(id)).toMatchObject({ inserted: 10 }); // what the queued job does
    expect(fs.existsSync(file)).toBe(false);

    const cli = await newBatch();
    const c = (await claimImportBatch(cli.id, { kind: "cli" }, ["queued"]))!;
    await setImportStatus(pool(), cli.id, { from: ["running"], to: "interrupted", claim: c, errorMessage: "stopped" });
    await expect(retryImport(cli.id, actor)).rejects.toThrow(`edgewise import x.jsonl --resume ${cli.id}`);

    const lost = await newBatch({ uploadPath: "/nonexistent/upload.jsonl" });
    expect(await runImportBatch(lost.id)).toBeNull();
    expect(await getImportBatch(lost.id)).toMatchObject({ status: "interrupted", retryable: false, resumeCommand: null });
    await expect(retryImport(lost.id, actor)).rejects.toThrow(/upload it again/);
  });
});

describe("the sweep", () => {
  it("re-queues a dead upload, interrupts a dead CLI import, and leaves live ones alone", async () => {
    const file = upload("dead.jsonl", lines(10, "dead"));
    const dead = await newBatch({ uploadPath: file });
    await claimImportBatch(dead.id, { kind: "worker" }, ["queued"]);
    const cli = await newBatch();
    await claimImportBatch(cli.id, { kind: "cli" }, ["queued"]);
    const live = await newBatch();
    await claimImportBatch(live.id, { kind: "cli" }, ["queued"]);
    await age(dead.id, 3600);
    await age(cli.id, 3600);

    const r = await sweepImports();
    expect(r.requeued).toContain(dead.id);
    expect(r.interrupted).toContain(cli.id);
    expect((await row(dead.id)).status).toBe("queued");
    expect(await getImportBatch(cli.id)).toMatchObject({ status: "interrupted", resumeCommand: `edgewise import x.jsonl --resume ${cli.id}` });
    expect((await getImportBatch(cli.id)).errorMessage).toContain(`--resume ${cli.id}`);
    expect((await row(live.id)).status).toBe("running");
    expect(await getImportBatch(live.id)).toMatchObject({ stale: false });
    await age(live.id, 3600);
    expect(await getImportBatch(live.id)).toMatchObject({ stale: true }); // the page says so before any sweep
  });

  it("deletes uploads of finished and cancelled imports, old orphans, and stopped ones after a day", async () => {
    const doneFile = upload("done.jsonl", lines(3, "sweep-done"));
    const done = await newBatch({ uploadPath: doneFile });
    const claim = (await claimImportBatch(done.id, { kind: "worker" }, ["queued"]))!;
    await setImportStatus(pool(), done.id, { from: ["running"], to: "done", claim }); // finished, file left behind

    const failedNow = upload("failed-now.jsonl", "x\n");
    const failedOld = upload("failed-old.jsonl", "x\n");
    for (const f of [failedNow, failedOld]) {
      const b = await newBatch({ uploadPath: f });
      const c = (await claimImportBatch(b.id, { kind: "worker" }, ["queued"]))!;
      await setImportStatus(pool(), b.id, { from: ["running"], to: "failed", claim: c, errorMessage: "boom" });
      if (f === failedOld) await age(b.id, 25 * 3600);
    }
    const oldOrphan = upload("orphan-old.jsonl", "x\n");
    const past = new Date(Date.now() - 2 * 3600_000);
    fs.utimesSync(oldOrphan, past, past);
    const newOrphan = upload("orphan-new.jsonl", "x\n"); // an upload still being written has no batch yet

    await sweepImports();
    expect(fs.existsSync(doneFile)).toBe(false);
    expect((await row(done.id)).upload_path).toBeNull();
    expect(fs.existsSync(failedNow)).toBe(true); // Retry still needs it
    expect(fs.existsSync(failedOld)).toBe(false);
    expect(fs.existsSync(oldOrphan)).toBe(false);
    expect(fs.existsSync(newOrphan)).toBe(true);
    fs.rmSync(newOrphan);
  });
});
