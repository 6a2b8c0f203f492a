import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { disconnect, pool } from "@/lib/db/client";
import { useMigratedDatabase } from "@/lib/testing/db";
import { exportFile, exportsDir, freezeSnapshot, getExportJob, insertExportJob, runExportJob, sweepExports } from "./index";
import { accept, lead, seedScored } from "./test-fixtures";

// Export retention: the worker's sweep deletes the folders of worker exports finished more than
// EDGEWISE_EXPORT_KEEP_DAYS ago (0: never); the job keeps its manifest and says its files were
// removed; a CLI export's --out folder is never touched.

let snapshotId = 0;
const saved = process.env.EDGEWISE_EXPORT_KEEP_DAYS;

beforeAll(async () => {
  await useMigratedDatabase();
  const s = await seedScored("keep", 2);
  for (const id of s.ids) await accept(s.domainId, id, { source: "reference" });
  snapshotId = (await freezeSnapshot(lead, "keep")).id;
});

afterAll(async () => {
  if (saved === undefined) delete process.env.EDGEWISE_EXPORT_KEEP_DAYS;
  else process.env.EDGEWISE_EXPORT_KEEP_DAYS = saved;
  await disconnect();
});

/** A done export, by the worker (its folder under exports/) or by the CLI (--out), finished `daysAgo` days ago. */
async function finishedExport(daysAgo: number, outDir?: string) {
  const id = await insertExportJob(lead, { snapshotId, format: "messages" });
  const job = await runExportJob(id, outDir ? { outDir } : {});
  expect(job.status).toBe("done");
  await pool().query("update export_job set finished_at = now() - make_interval(days => $2) where id = $1", [id, daysAgo]);
  return { id, dir: outDir ?? path.join(exportsDir(), String(id)) };
}

describe("export retention", () => {
  it("deletes old worker export folders only; the job keeps its manifest and says why the files are gone", async () => {
    delete process.env.EDGEWISE_EXPORT_KEEP_DAYS; // the default: 30 days
    const recent = await finishedExport(29);
    const old = await finishedExport(31);
    const cli = await finishedExport(400, fs.mkdtempSync(path.join(os.tmpdir(), "export-out-")));
    for (const e of [recent, old, cli]) expect(fs.existsSync(path.join(e.dir, "manifest.json"))).toBe(true);

    const r = await sweepExports();
    expect(r.removed).toEqual([old.id]);
    expect(fs.existsSync(old.dir)).toBe(false);
    expect(fs.existsSync(path.join(recent.dir, "manifest.json"))).toBe(true);
    expect(fs.existsSync(path.join(cli.dir, "manifest.json"))).toBe(true); // never the CLI's --out

    const view = await getExportJob(old.id);
    expect(view.filesRemoved).toMatchObject({ afterDays: 30 });
    expect(view.files.map((f) => f.name)).toContain("manifest.json"); // the list (names, sha256) stays
    const { rows } = await pool().query("select manifest->'counts' as counts from export_job where id = $1", [old.id]);
    expect(rows[0].counts).toBeTruthy();
    await expect(exportFile(old.id, "manifest.json")).rejects.toThrow(/removed after 30 days: export again/);
    expect((await getExportJob(recent.id)).filesRemoved).toBeNull();
    expect((await sweepExports()).removed).toEqual([]); // once
  });

  it("0 keeps forever; another N applies from the next sweep", async () => {
    const e = await finishedExport(3000);
    process.env.EDGEWISE_EXPORT_KEEP_DAYS = "0";
    expect((await sweepExports()).removed).toEqual([]);
    expect(fs.existsSync(e.dir)).toBe(true);

    const week = await finishedExport(8);
    const fresh = await finishedExport(6);
    process.env.EDGEWISE_EXPORT_KEEP_DAYS = "7";
    const removed = (await sweepExports()).removed;
    expect(removed).toEqual(expect.arrayContaining([e.id, week.id]));
    expect(removed).not.toContain(fresh.id);
    expect(fs.existsSync(fresh.dir)).toBe(true);
    expect((await getExportJob(week.id)).filesRemoved).toMatchObject({ afterDays: 7 });
  });
});
