import fs from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { LEAD, signIn } from "./helpers";

// Dashboards (issue 11): a lead previews a band change on the domain histogram (the counts move
// before saving and match after saving), sees coverage with a per-bin target, the Overview's
// funnel and the reviewers page. Uses the demo's science domain (scored by its exploration run
// at start) and puts its band back at the end, so other specs see the demo's band.

const SHOTS = process.env.E2E_SHOTS;

async function shot(page: Page, name: string) {
  if (!SHOTS) return;
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}

const count = async (page: Page, id: string) => Number((await page.getByTestId(id).innerText()).replace(/,/g, ""));

test("a lead previews a band change, sees coverage, the funnel and the reviewers page", async ({ page }) => {
  test.setTimeout(180_000);
  await signIn(page, LEAD);
  await expect
    .poll(async () => ((await (await page.request.get("/api/candidates?domain=science&band=teachable&limit=5")).json()).items ?? []).length, { timeout: 120_000 })
    .toBeGreaterThan(0);
  // The demo's science run done: scores still landing would move the counts between preview and save.
  const active = async () => {
    const [running, queued] = await Promise.all(["running", "queued"].map(async (status) => (await (await page.request.get(`/api/runs?domain=science&status=${status}`)).json()).items.length as number));
    return running + queued;
  };
  await expect.poll(active, { timeout: 120_000 }).toBe(0);
  const before = await (await page.request.get("/api/domains/science")).json();

  try {
    await page.goto("/domains/science");
    const chart = page.getByRole("img", { name: /Pass-rate histogram by review status, correct samples out of k = \d+/ });
    await expect(chart).toBeVisible();
    const editor = page.getByTestId("band-editor");
    await expect(page.getByTestId("band-now-teachable")).toHaveText(/^\d[\d,]*$/);
    const nowTeachable = await count(page, "band-now-teachable");
    const nowTooHard = await count(page, "band-now-too_hard");

    // Narrow the band by typing: the preview shows other counts; nothing is saved yet.
    await editor.getByLabel("Band low edge", { exact: true }).fill("0.4");
    await editor.getByLabel("Band high edge", { exact: true }).fill("0.6");
    await expect(page.getByTestId("band-preview-teachable")).toHaveText(/^\d[\d,]*$/);
    // The counts for 0.4–0.6, not those of the half-typed 0.4–0.9 the column shows meanwhile.
    await expect(page.getByRole("table", { name: "Band counts: now and with the proposed edges" })).toHaveAttribute("aria-busy", "false");
    await expect.poll(() => count(page, "band-preview-too_hard")).toBeGreaterThan(nowTooHard);
    const preview = {
      teachable: await count(page, "band-preview-teachable"),
      too_easy: await count(page, "band-preview-too_easy"),
      too_hard: await count(page, "band-preview-too_hard"),
    };
    expect(preview.teachable).toBeLessThan(nowTeachable);
    expect((await (await page.request.get("/api/domains/science")).json()).bandLow).toBe(before.bandLow);
    await expect(chart).toHaveAttribute("aria-label", /teachable band 0\.4 to 0\.6/);
    await shot(page, "domain-band-preview");

    // Save: the counts now are the previewed ones, and the candidates list agrees.
    await editor.getByRole("button", { name: "Save band" }).click();
    await expect(page.getByTestId("band-now-teachable")).toHaveText(preview.teachable.toLocaleString("en"));
    await expect(page.getByTestId("band-now-too_easy")).toHaveText(preview.too_easy.toLocaleString("en"));
    await expect(page.getByTestId("band-now-too_hard")).toHaveText(preview.too_hard.toLocaleString("en"));
    await expect(page.getByLabel("Teachable band: low (exclusive)")).toHaveValue("0.4"); // the settings form follows the saved band
    const listed = await (await page.request.get("/api/candidates?domain=science&band=teachable&limit=200")).json();
    expect(listed.items.length).toBe(Math.min(preview.teachable, 200));

    // Coverage: a per-bin target "2–3 of k" appears with its accepted count.
    const coverage = page.getByTestId("coverage");
    await expect(coverage.getByTestId("coverage-total")).toContainText("/");
    await coverage.getByRole("button", { name: "Edit targets" }).click();
    await coverage.getByRole("button", { name: "Add a target" }).click();
    await coverage.getByLabel(/^from/).fill("2");
    await coverage.getByLabel(/^to/).fill("3");
    await coverage.getByLabel("accepted target").fill("40");
    await coverage.getByRole("button", { name: "Save targets" }).click();
    await expect(coverage.getByTestId("coverage-bin")).toHaveCount(1);
    await expect(coverage.getByTestId("coverage-bin")).toContainText(/2–3 of \d+/);
    await expect(coverage.getByTestId("coverage-bin")).toContainText("/ 40");
    await shot(page, "domain-page");

    // The table view of the histogram: each bar's total links to its candidates.
    await page.locator("details", { has: page.getByTestId("histogram-table") }).getByText("Show as table").click();
    const firstLink = page.getByTestId("histogram-table").getByRole("link").first();
    await expect(firstLink).toHaveAttribute("href", /\/candidates\?domain=science&passes=\d+&k=\d+/);
  } finally {
    // From the page (a same-origin fetch, as the app's own forms send it).
    const restored = await page.evaluate(async (band) => {
      const json = { "content-type": "application/json" };
      const a = await fetch("/api/domains/science", { method: "PATCH", headers: json, body: JSON.stringify(band) });
      const b = await fetch("/api/domains/science/bin-targets", { method: "PUT", headers: json, body: JSON.stringify({ targets: [] }) });
      return [a.status, b.status];
    }, { bandLow: before.bandLow, bandHigh: before.bandHigh });
    expect(restored).toEqual([200, 200]);
  }

  // The Overview: per-domain cards (the band is back) and the funnel across domains, in a table too.
  await page.goto("/");
  await expect(page.getByTestId("domain-card-science")).toContainText(`band ${before.bandLow}–${before.bandHigh}`);
  const funnel = page.getByTestId("funnel");
  await expect(funnel.getByRole("img", { name: /^Funnel: imported \d+, scored \d+, teachable \d+, reviewed \d+, accepted \d+$/ })).toBeVisible();
  await funnel.getByText("Show as table").click();
  const imported = await count(page, "funnel-imported");
  const scored = await count(page, "funnel-scored");
  expect(imported).toBeGreaterThanOrEqual(scored);
  expect(scored).toBeGreaterThan(0);
  await expect(page.getByTestId("funnel-teachable").getByRole("link")).toHaveAttribute("href", "/candidates?band=teachable");
  await expect(page.getByTestId("changes-24h")).toContainText("science");
  await shot(page, "overview");

  // The reviewers page: throughput, queue depth and agreement per domain.
  await page.getByRole("link", { name: "Reviewers" }).click();
  await expect(page.getByRole("heading", { name: "Reviewers" })).toBeVisible();
  await expect(page.getByTestId("agreement-table")).toContainText("science");
  await page.getByText("Show as table").nth(1).click();
  await expect(page.getByTestId("queue-table")).toContainText("science");
  await shot(page, "reviewers");
});
