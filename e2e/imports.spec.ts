// These specs import into "code": scoring.spec samples math at random and expects most of it to carry a reference.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { discardOpenImport, LEAD, signIn } from "./helpers";

// An import's life on its page: Cancel of a running upload, and a killed CLI import shown as
// interrupted (no live rate, no Retry it cannot honour) until `--resume` finishes it.

const port = Number(process.env.E2E_PORT ?? 3217);
// The app's own EDGEWISE_HOME (playwright.config.ts): the CLI borrows its embedded database.
const cliEnv = { ...process.env, DATABASE_URL: "", EDGEWISE_TOKEN: "", EDGEWISE_HOME: path.join(os.tmpdir(), `edgewise-e2e-${port}`), EDGEWISE_EMBEDDED_PG_PORT: String(port + 20000) };
const pool = (n: number, tag: string) => Array.from({ length: n }, (_, i) => JSON.stringify({ prompt: `${tag} prompt number ${i} ${"x".repeat(40)}` })).join("\n") + "\n";

async function batchByName(page: Page, fileName: string) {
  const { items } = await (await page.request.get("/api/imports?limit=20")).json();
  return items.find((b: { fileName: string }) => b.fileName === fileName) as { id: number; linesRead: number; inserted: number; status: string } | undefined;
}

test("Cancel stops a running upload; the page says where it stopped, offers no retry, and what it imported can be discarded", async ({ page }) => {
  test.setTimeout(300_000);
  await signIn(page, LEAD);
  await page.goto("/imports");
  await page.getByTestId("file-input").setInputFiles({ name: "e2e-cancel.jsonl", mimeType: "application/x-ndjson", buffer: Buffer.from(pool(600_000, "cancel")) });
  await page.getByLabel("Domain", { exact: true }).selectOption("code");
  await page.getByRole("button", { name: "Upload and import" }).click();
  await expect(page).toHaveURL(/\/imports\/\d+$/, { timeout: 60_000 });
  await expect(page.getByText(/ lines$/)).toBeVisible({ timeout: 30_000 }); // running: "… of … · N lines"
  // A first chunk committed, so there is something to discard below (on a loaded machine the
  // cancel could otherwise land at line 0, where Discard is rightly not offered).
  await expect.poll(async () => (await batchByName(page, "e2e-cancel.jsonl"))?.inserted ?? 0, { timeout: 30_000, intervals: [100] }).toBeGreaterThan(0);
  page.once("dialog", (d) => d.accept());
  await page.getByRole("button", { name: "Cancel import" }).click();
  await expect(page.getByText("cancelled", { exact: true })).toBeVisible();
  await expect(page.getByText(/^cancelled by lead@demo\.edgewise at line [\d,]+$/)).toBeVisible();
  await expect(page.getByRole("button", { name: "Cancel import" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Retry" })).toHaveCount(0);
  const b = (await batchByName(page, "e2e-cancel.jsonl"))!;
  expect(b.status).toBe("cancelled");
  expect(b.linesRead).toBeLessThan(600_000);
  await page.reload();
  await expect(page.getByText("cancelled", { exact: true })).toBeVisible();

  // The lines it kept are not wanted either: discard them (a domain check may still be reading
  // them right after the import stops; the helper retries on that refusal alone).
  await discardOpenImport(page);
  await expect(page.getByText(new RegExp(`Discarded by lead@demo\\.edgewise: ${b.inserted.toLocaleString("en")} candidates removed`))).toBeVisible();
  const left = await page.request.get(`/api/candidates?batch=${b.id}&limit=1`);
  expect(((await left.json()) as { items: unknown[] }).items).toHaveLength(0);

  // The history filters by domain and status, in the URL.
  await page.goto("/imports");
  const filters = page.getByRole("form", { name: "Filter imports" });
  await filters.getByLabel("Filter by domain").selectOption("code");
  await filters.getByLabel("Filter by status").selectOption("discarded");
  await filters.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/\/imports\?domain=code&status=discarded$/);
  await expect(page.getByRole("link", { name: "e2e-cancel.jsonl" })).toBeVisible();
  await page.goto("/imports?domain=code&status=done");
  await expect(page.getByRole("link", { name: "e2e-cancel.jsonl" })).toHaveCount(0);
});

test("a killed CLI import shows as interrupted with the command that finishes it", async ({ page }) => {
  test.setTimeout(240_000);
  await signIn(page, LEAD);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "e2e-crash-"));
  // 100k lines, polled every 50 ms: the kill lands well before the end, and the resume and the
  // worker's near-duplicate pass over "code" (neardup.spec checks that domain next) stay short.
  fs.writeFileSync(path.join(dir, "e2e-crash.jsonl"), pool(100_000, "crash"));
  // The heap flag keeps bin/edgewise.mjs from re-spawning itself: SIGKILL hits the importer.
  const cli = ["--max-old-space-size=256", path.resolve("bin/edgewise.mjs"), "import", "e2e-crash.jsonl"];
  const run = spawn(process.execPath, [...cli, "--domain", "code"], { cwd: dir, env: cliEnv, stdio: "ignore" });
  try {
    await expect.poll(async () => (await batchByName(page, "e2e-crash.jsonl"))?.linesRead ?? 0, { timeout: 90_000, intervals: [50] }).toBeGreaterThan(10_000);
  } finally {
    run.kill("SIGKILL");
  }
  const { id } = (await batchByName(page, "e2e-crash.jsonl"))!;
  await page.goto(`/imports/${id}`);
  // Within the dead threshold (15 s here) plus a sweep: interrupted, no rate, no Retry.
  await expect(async () => {
    await page.reload();
    await expect(page.getByText("interrupted", { exact: true })).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 60_000 });
  await expect(page.getByText(/lines\/s/)).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Retry" })).toHaveCount(0);
  await expect(page.locator("code", { hasText: `edgewise import e2e-crash.jsonl --resume ${id}` })).toBeVisible();

  const r = spawnSync(process.execPath, [...cli, "--resume", String(id), "--json"], { cwd: dir, env: cliEnv, encoding: "utf8" });
  expect(r.status, r.stderr).toBe(0);
  expect(JSON.parse(r.stdout)).toMatchObject({ batchId: id, inserted: 100_000, duplicates: 0, rejected: 0 });
  await page.reload();
  await expect(page.getByText("done", { exact: true })).toBeVisible();
  await expect(page.getByText("Inserted", { exact: true }).locator("..")).toContainText("100,000");
});
