import { expect, test, type APIRequestContext, type Browser, type Page } from "@playwright/test";
import { LEAD, signIn } from "./helpers";

// Issue 11: a lead accepts a few items in two domains (through the review API), freezes a
// snapshot from the domain page, looks at it, and builds a two-domain mixture in the browser
// with a live preview of rows per domain.

const shots = process.env.E2E_SHOTS_DIR;

async function session(browser: Browser, who: { email: string; password: string }): Promise<Page> {
  const origin = new URL(test.info().project.use.baseURL!).origin;
  const page = await (await browser.newContext({ extraHTTPHeaders: { origin }, viewport: { width: 1400, height: 1000 } })).newPage();
  await signIn(page, who);
  return page;
}

async function json<T>(res: Awaited<ReturnType<APIRequestContext["get"]>>): Promise<T> {
  expect(res.ok(), `${res.url()} → ${res.status()} ${await res.text()}`).toBe(true);
  return (await res.json()) as T;
}

/** The demo's exploration run of a domain has finished (started by `npm start`'s seed). */
async function demoRunDone(page: Page, domain: string) {
  await expect
    .poll(async () => (await json<{ items: { status: string }[] }>(await page.request.get(`/api/runs?domain=${domain}`))).items.map((r) => r.status).join(), { timeout: 180_000, intervals: [2000] })
    .toMatch(/^done/);
}

/** The lead claims and accepts n teachable items of a domain (one reviewer per item: final at once). */
async function acceptSome(page: Page, domain: string, n: number, responseId?: string) {
  for (let i = 0; i < n; i++) {
    const claim = await page.request.post("/api/review/claim", { data: { domain } });
    expect(claim.status(), await claim.text()).toBe(200);
    const { item } = (await claim.json()) as { item: { candidateId: number } };
    const state = await json<{ state: string; outcome: string }>(
      await page.request.post("/api/review/decisions", { data: { candidateId: item.candidateId, decision: "accept", ...(responseId ? { responseId } : {}) } }),
    );
    expect(state).toMatchObject({ state: "final", outcome: "accept" });
  }
}

async function shot(page: Page, name: string) {
  if (shots) await page.screenshot({ path: `${shots}/${name}.png`, fullPage: true });
}

test("a lead freezes a snapshot and builds a two-domain mixture", async ({ browser }) => {
  test.setTimeout(300_000);
  const lead = await session(browser, LEAD);
  await demoRunDone(lead, "math");
  await demoRunDone(lead, "science");
  // Other specs may have reviewed these domains already (review.spec sets math to two
  // reviewers per item): one reviewer per item here, and counts read from the server.
  for (const d of ["math", "science"]) {
    expect((await lead.request.patch(`/api/domains/${d}`, { data: { reviewersPerItem: 1 } })).ok()).toBe(true);
  }
  await acceptSome(lead, "math", 3, "reference");
  await acceptSome(lead, "science", 2);
  const accepted = async (d: string) => (await json<{ accepted: number }>(await lead.request.get(`/api/review/stats?domain=${d}`))).accepted;
  const mathN = await accepted("math");
  const sciN = await accepted("science");
  expect(mathN).toBeGreaterThanOrEqual(3);
  expect(mathN).toBeLessThan(50); // one page of the snapshot's items

  // An empty freeze would be refused; here the domain page freezes math's three accepts.
  await lead.goto("/domains/math");
  const card = lead.getByLabel("Snapshots", { exact: true });
  await expect(card.getByText("No snapshot yet")).toBeVisible();
  await card.getByLabel("Snapshot note").fill("first three");
  await card.getByRole("button", { name: "Freeze snapshot" }).click();
  const v1 = card.getByRole("link", { name: "v1" });
  await expect(v1).toBeVisible();
  await expect(card.getByText(new RegExp(`\\b${mathN} items`))).toBeVisible();
  await shot(lead, "domain-snapshots-card");

  await v1.click();
  await expect(lead.getByRole("heading", { name: "Math · snapshot v1" })).toBeVisible();
  await expect(lead.getByText("first three")).toBeVisible();
  await expect(lead.getByText("This is the domain's only snapshot")).toBeVisible();
  await expect(lead.getByRole("table").last().locator("tbody tr")).toHaveCount(mathN);
  await shot(lead, "snapshot-page");

  // Drift: the snapshot's three items scored again on the (simulated) target; the report
  // places every one of them once the run is done.
  const runLinks = lead.getByRole("link", { name: /^Run #\d+$/ });
  const before = await runLinks.count(); // the runs whose samples decided the snapshot
  await lead.getByRole("button", { name: "Start drift run" }).click();
  await expect(runLinks).toHaveCount(before + 1); // … and the drift run
  const outcome = (k: string) => lead.locator(`[data-outcome="${k}"]`);
  await expect(outcome("pending")).toHaveText("0", { timeout: 90_000 });
  const placed = await Promise.all(["too_easy", "teachable", "too_hard", "unverifiable"].map(async (k) => Number(await outcome(k).innerText())));
  expect(placed.reduce((a, b) => a + b, 0)).toBe(mathN);
  await shot(lead, "snapshot-drift");

  await lead.goto("/domains/science");
  const sci = lead.getByLabel("Snapshots", { exact: true });
  // Another spec (export.spec) may have frozen science already: this freeze is its newest version.
  const sciBefore = (await json<{ items: { version: number }[] }>(await lead.request.get("/api/snapshots?domain=science"))).items.length;
  await sci.getByRole("button", { name: "Freeze snapshot" }).click();
  const sciVersion = `v${sciBefore + 1}`;
  await expect(sci.getByRole("link", { name: sciVersion })).toBeVisible();

  // The builder: one snapshot per domain, epochs, a live preview, save.
  await lead.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Exports" }).click();
  await expect(lead.getByRole("heading", { name: "Exports" })).toBeVisible();
  await lead.getByRole("link", { name: "Build a mixture" }).click();
  await expect(lead.getByRole("heading", { name: "Mixtures" })).toBeVisible();
  await lead.getByLabel("Name").fill("math-science");
  await lead.getByLabel("Snapshot of Math").selectOption({ label: `v1 · ${mathN} items` });
  await lead.getByLabel("Snapshot of Science").selectOption({ label: `${sciVersion} · ${sciN} items` });
  await lead.getByLabel("Epochs for Math").fill("2");
  const rows = lead.getByLabel("Mixture entries");
  await expect(rows.locator('tr[data-domain="math"] [data-rows]')).toHaveText(String(2 * mathN));
  await expect(rows.locator('tr[data-domain="science"] [data-rows]')).toHaveText(String(sciN));
  await expect(rows.locator("[data-total-rows]")).toHaveText(String(2 * mathN + sciN));
  await shot(lead, "mixture-builder");
  await lead.getByRole("button", { name: "Save mixture" }).click();
  await expect(lead.getByRole("heading", { name: "math-science · v1" })).toBeVisible();
  await expect(lead.getByRole("row", { name: /math/ })).toContainText(`${((100 * 2 * mathN) / (2 * mathN + sciN)).toFixed(1)}%`);
  await shot(lead, "mixture-page");

  await lead.goto("/exports");
  await expect(lead.getByRole("link", { name: "math-science" })).toBeVisible();
  await shot(lead, "exports-page");
});
