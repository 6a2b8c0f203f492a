import { expect, test, type Page } from "@playwright/test";
import { LEAD, signIn } from "./helpers";

// Issue 11: a lead exports a frozen snapshot from the Exports page — rl with Parquet — sees
// the job finish, reloads (the links survive) and downloads the JSONL and the manifest.

async function demoRunDone(page: Page, domain: string) {
  await expect
    .poll(async () => ((await (await page.request.get(`/api/runs?domain=${domain}`)).json()) as { items: { status: string }[] }).items.map((r) => r.status).join(), {
      timeout: 180_000,
      intervals: [2000],
    })
    .toMatch(/^done/);
}

test("a lead exports a snapshot as rl + Parquet and downloads it after a reload", async ({ browser }) => {
  test.setTimeout(300_000);
  const origin = new URL(test.info().project.use.baseURL!).origin;
  const lead = await (await browser.newContext({ extraHTTPHeaders: { origin }, viewport: { width: 1400, height: 1000 }, acceptDownloads: true })).newPage();
  await signIn(lead, LEAD);
  await demoRunDone(lead, "science");
  for (let i = 0; i < 2; i++) {
    const claim = await lead.request.post("/api/review/claim", { data: { domain: "science" } });
    expect(claim.status(), await claim.text()).toBe(200);
    const { item } = (await claim.json()) as { item: { candidateId: number } };
    const decided = await lead.request.post("/api/review/decisions", { data: { candidateId: item.candidateId, decision: "accept" } });
    expect(decided.status(), await decided.text()).toBe(200);
  }
  const frozen = await lead.request.post("/api/snapshots", { data: { domain: "science" } });
  expect(frozen.status(), await frozen.text()).toBe(200);
  const snapshotId = ((await frozen.json()) as { id: number }).id;

  await lead.goto("/exports");
  const jobs = lead.getByLabel("Export jobs");
  await jobs.getByLabel("Snapshot or mixture").selectOption(`snapshot:${snapshotId}`);
  await jobs.getByLabel("Format").selectOption("rl");
  await jobs.getByLabel("Parquet").check();
  await jobs.getByRole("button", { name: "Export" }).click();
  const row = jobs.locator("tbody tr").first();
  await expect(row).toContainText(`snapshot #${snapshotId}`);
  await expect(row.getByText("done")).toBeVisible({ timeout: 60_000 });
  await expect(row.getByRole("link", { name: "rl.parquet" })).toBeVisible();

  await lead.reload();
  const again = lead.getByLabel("Export jobs").locator("tbody tr").first();
  await expect(again.getByRole("link", { name: "manifest.json" })).toBeVisible();
  const [download] = await Promise.all([lead.waitForEvent("download"), again.getByRole("link", { name: "rl.jsonl" }).click()]);
  const text = await (await download.createReadStream()).toArray().then((chunks) => Buffer.concat(chunks).toString("utf8"));
  const lines = text.trim().split("\n").map((l) => JSON.parse(l));
  expect(lines.length).toBeGreaterThan(0);
  expect(lines[0]).toMatchObject({ ability: "science", reward_model: { style: "rule" } });

  const manifest = await (await lead.request.get(await again.getByRole("link", { name: "manifest.json" }).getAttribute("href") as string)).json();
  expect(manifest.counts.rows).toBe(lines.length);
  expect(manifest.snapshot_ids).toEqual([snapshotId]);
});
