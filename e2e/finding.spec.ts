import fs from "node:fs";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { LEAD, REVIEWER, signIn } from "./helpers";

// Finding what to review (issue 9): band and pass rate in the Candidates list, links from a
// domain's band counts and histogram bars to exactly those candidates, a lead assigning a
// reviewer on the domain page, and a reviewer held to their domains. The demo queues real
// exploration runs on the simulator at start (lib/demo/score.ts): wait for their scores.

const REVIEWER2 = { email: "reviewer2@demo.edgewise", password: "edgewise-demo" };
// Screenshots for a human look (E2E_SHOTS=dir), 1280 wide.
const SHOTS = process.env.E2E_SHOTS;

async function shot(page: Page, name: string) {
  if (!SHOTS) return;
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.evaluate(() => window.scrollTo(0, 0)); // a scrolled page repeats the sticky bars in a full-page shot
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}

async function as(browser: Browser, who: { email: string; password: string }): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, who);
  return page;
}

test("find candidates by band, from band counts and bars; reviewers are held to their domains", async ({ page, browser }) => {
  test.setTimeout(180_000);
  await signIn(page, LEAD);

  // The demo's math run has scored: some math candidates are teachable.
  await expect
    .poll(async () => ((await (await page.request.get("/api/candidates?domain=math&band=teachable&limit=5")).json()).items ?? []).length, { timeout: 120_000 })
    .toBeGreaterThan(0);

  // An unknown filter is refused by name, not ignored.
  const bad = await page.request.get("/api/candidates?bnad=teachable");
  expect(bad.status()).toBe(400);
  expect((await bad.json()).error.message).toContain("bnad");

  // The list shows band and pass rate; the band menu filters.
  await page.goto("/candidates");
  await expect(page.getByRole("columnheader", { name: "Band" })).toBeVisible();
  await expect(page.getByRole("columnheader", { name: "Pass rate" })).toBeVisible();
  await page.getByLabel("Band").selectOption("teachable");
  await expect(page).toHaveURL(/band=teachable/);
  const rows = page.locator("tbody tr");
  await expect(rows.first()).toBeVisible();
  const bands = await rows.locator("td:nth-child(5)").allInnerTexts();
  expect(new Set(bands.map((b) => b.trim()))).toEqual(new Set(["teachable"]));
  await expect(rows.first().locator("td:nth-child(7)")).toHaveText(/^\d+%\s*\d\/\d$/); // after Band and Flags
  await shot(page, "candidates-band-teachable");

  // A domain's band count links to exactly those candidates.
  await page.goto("/domains/math");
  const teachable = Number((await page.locator('[data-band="teachable"] [data-count]').innerText()).replace(/,/g, ""));
  expect(teachable).toBeGreaterThan(0);
  await page.getByRole("link", { name: /^teachable: [\d,]+ candidates$/ }).click();
  await expect(page).toHaveURL(/\/candidates\?domain=math&band=teachable$/);
  await expect(page.getByLabel("Band")).toHaveValue("teachable");
  await expect(page.getByLabel("Domain")).toHaveValue("math");
  const api = await (await page.request.get("/api/candidates?domain=math&band=teachable&limit=200")).json();
  expect(api.items.length).toBe(Math.min(teachable, 200));
  await expect(rows).toHaveCount(Math.min(teachable, 50));

  // A histogram bar's link (the keyboard path beside the chart) lists that bar's candidates.
  await page.goto("/domains/math");
  const bar = page.getByRole("navigation", { name: "Candidates per bar" }).getByRole("link").first();
  const [, label, count] = (await bar.getAttribute("aria-label"))!.match(/^(\d+\/\d+) correct: ([\d,]+) candidates$/)!;
  await bar.click();
  const [passes, k] = label.split("/");
  await expect(page).toHaveURL(new RegExp(`/candidates\\?domain=math&passes=${passes}&k=${k}$`));
  await expect(page.getByText(`Pass rate ≈ ${passes}/${k} correct`)).toBeVisible();
  await expect(rows).toHaveCount(Math.min(Number(count.replace(/,/g, "")), 50));

  // The lead assigns reviewer1 (only) to math in the domain's Review settings.
  await page.goto("/domains/math");
  const settings = page.getByRole("form", { name: "Review settings" });
  await expect(settings.getByRole("link", { name: "Open review queue" })).toHaveAttribute("href", "/review/math");
  await expect(settings.getByRole("link", { name: "Adjudication" })).toHaveAttribute("href", "/review/math/adjudicate");
  await settings.getByRole("checkbox", { name: /reviewer1@demo\.edgewise/ }).check();
  await settings.getByRole("checkbox", { name: /reviewer2@demo\.edgewise/ }).uncheck();
  await settings.getByRole("button", { name: "Save review settings" }).click();
  await expect(settings.getByText("Saved.")).toBeVisible();
  const assigned = await (await page.request.get("/api/domains/math/reviewers")).json();
  expect(assigned.reviewers.map((r: { email: string }) => r.email)).toEqual(["reviewer1@demo.edgewise"]);
  await shot(page, "domain-math-lead");

  const candidateId: number = api.items[0].id;

  // reviewer1 (assigned) reads it; reviewer2 (not assigned) gets a 403, page and API.
  const r1 = await as(browser, REVIEWER);
  const ok = await r1.goto(`/candidates/${candidateId}`);
  expect(ok?.status()).toBe(200);
  await expect(r1.getByRole("heading", { name: `Candidate #${candidateId}` })).toBeVisible();
  await r1.goto("/domains/math");
  await expect(r1.getByRole("form", { name: "Review settings" }).getByRole("button", { name: "Save review settings" })).toHaveCount(0);
  await shot(r1, "domain-math-reviewer");

  const r2 = await as(browser, REVIEWER2);
  const denied = await r2.goto(`/candidates/${candidateId}`);
  expect(denied?.status()).toBe(403);
  await expect(r2.getByRole("heading", { name: "You don't have access to this page" })).toBeVisible();
  expect((await r2.request.get(`/api/candidates/${candidateId}`)).status()).toBe(403);
  expect((await r2.request.get(`/api/candidates/${candidateId}/evidence`)).status()).toBe(403);
  expect((await r2.request.get("/api/candidates?domain=math")).status()).toBe(403);
  const mathRun = (await (await page.request.get("/api/runs?domain=math")).json()).items[0].id;
  expect((await r2.request.get(`/api/runs/${mathRun}`)).status()).toBe(403);
  expect((await r1.request.get(`/api/runs/${mathRun}`)).status()).toBe(200);

  // Put the demo back for whoever runs next.
  await settings.getByRole("checkbox", { name: /reviewer1@demo\.edgewise/ }).uncheck();
  await settings.getByRole("button", { name: "Save review settings" }).click();
  await expect(settings.getByText("Saved.")).toBeVisible();
});

test("a run's histogram bars link to that run's candidates", async ({ page }) => {
  await signIn(page, LEAD);
  await expect.poll(async () => (await (await page.request.get("/api/runs?domain=science&status=done")).json()).items.length, { timeout: 120_000 }).toBeGreaterThan(0);
  const run = (await (await page.request.get("/api/runs?domain=science&status=done")).json()).items[0];
  await page.goto(`/runs/${run.id}`);
  const bar = page.getByRole("navigation", { name: "Candidates per bar" }).getByRole("link").first();
  const [, label, count] = (await bar.getAttribute("aria-label"))!.match(/^(\d+\/\d+) correct: ([\d,]+) candidates$/)!;
  await bar.click();
  const [passes, k] = label.split("/");
  await expect(page).toHaveURL(new RegExp(`/candidates\\?run=${run.id}&passes=${passes}&k=${k}$`));
  await expect(page.getByText(`Scored by run #${run.id}`)).toBeVisible();
  await expect(page.locator("tbody tr")).toHaveCount(Math.min(Number(count.replace(/,/g, "")), 50));
  await shot(page, "candidates-run-bar");
});
