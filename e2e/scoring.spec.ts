import { expect, test, type Page } from "@playwright/test";
import { LEAD, signIn } from "./helpers";

// Measuring difficulty end to end: a lead scores a small random sample of the demo math pool
// against the bundled simulated endpoint, reads the run's histogram and projection, opens a
// scored candidate's evidence, and moves the domain's band to see it re-triage at once.

const N = 40;

async function bandCount(page: Page, band: string): Promise<number> {
  const text = await page.locator(`[data-band="${band}"] [data-count]`).innerText();
  return Number(text.replace(/,/g, ""));
}

test("an exploration run scores, projects and triages; evidence and band counts follow", async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, LEAD);

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Runs" }).click();
  await expect(page.getByRole("heading", { name: "Runs", exact: true })).toBeVisible();
  await page.goto("/runs/new?domain=math");
  await expect(page.getByLabel("Domain")).toHaveValue("math");
  const target = page.getByLabel("Target endpoint");
  await expect(target.locator("option:checked")).toContainText("simulated");
  await page.getByLabel("Sample size (N)").fill(String(N));
  await expect(page.getByLabel("Samples per candidate (k)")).toHaveValue("8");
  await page.getByRole("button", { name: "Start run" }).click();

  await expect(page).toHaveURL(/\/runs\/\d+$/);
  const runUrl = page.url();
  const progress = page.getByRole("progressbar", { name: "Run progress" });
  await expect(progress).toHaveAttribute("aria-valuenow", "100", { timeout: 90_000 });
  await expect(page.getByText("done", { exact: true })).toBeVisible();
  await expect(page.getByTestId("run-progress-text")).toContainText(`${N} of ${N} candidates scored`);

  // The histogram has a bar per number of correct samples, and the projection scales the sample.
  // The random sample may include a prompt another spec imported into math without a reference:
  // that one is unverifiable and costs no samples, so the counts are checked against each other.
  await expect(page.getByRole("img", { name: /Pass-rate histogram: 0\/8 \d+, 1\/8/ })).toBeVisible();
  const histogramCounts = async () => {
    const m = (await page.getByText(/with a pass rate · \d+ unverifiable/).innerText()).match(/(\d+) with a pass rate · (\d+) unverifiable/);
    return [Number(m?.[1]), Number(m?.[2])];
  };
  await expect.poll(async () => (await histogramCounts()).reduce((a, b) => a + b)).toBe(N); // the server part refreshes once the run stops
  const [withRate] = await histogramCounts();
  expect(withRate).toBeGreaterThan(N / 2);
  await expect(page.getByText("Samples", { exact: true }).locator("..")).toContainText((withRate * 8).toLocaleString("en"));
  await expect(page.getByTestId("projected-teachable")).toHaveText(/^\d[\d,]*$/);
  await expect(page.getByText("Cost to score the rest")).toBeVisible();
  await expect(page.getByRole("button", { name: "Start scaling run" })).toBeVisible();

  // A scored candidate shows its k samples with verdicts and the verifier's reasons.
  // (Other specs import math prompts without a reference: those are triaged unverifiable with
  // no samples, so pick one the run actually sampled.)
  // (The demo seed scores a sample of math too: list this run's candidates, not the domain's.)
  const runId = runUrl.match(/\/runs\/(\d+)$/)?.[1];
  // The runs list filters by domain and status, in the URL.
  await page.goto("/runs");
  const filters = page.getByRole("form", { name: "Filter runs" });
  await filters.getByLabel("Filter by domain").selectOption("math");
  await filters.getByLabel("Filter by status").selectOption("done");
  await filters.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/\/runs\?domain=math&status=done$/);
  await expect(page.getByRole("link", { name: `Run ${runId}`, exact: true })).toBeVisible();
  await page.goto("/runs?domain=math&status=failed");
  await expect(page.getByRole("link", { name: `Run ${runId}`, exact: true })).toHaveCount(0);
  await page.goto(runUrl);
  const triaged = await (await page.request.get(`/api/candidates?run=${runId}&limit=100`)).json();
  let sampledId: number | undefined;
  for (const c of triaged.items as { id: number }[]) {
    const e = await (await page.request.get(`/api/candidates/${c.id}/evidence`)).json();
    if (e.samples.length === 8) {
      sampledId = c.id;
      break;
    }
  }
  expect(sampledId).toBeDefined();
  await page.goto(`/candidates/${sampledId}`);
  await expect(page.getByRole("heading", { name: /Candidate #\d+/ })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Difficulty" })).toBeVisible();
  await expect(page.getByText("Wilson 95% interval")).toBeVisible();
  const rows = page.getByTestId("sample-row");
  await expect(rows).toHaveCount(8);
  await expect(rows.filter({ has: page.getByLabel(/^(correct|wrong)$/) })).toHaveCount(8);
  expect((await rows.first().getByRole("cell").nth(3).innerText()).trim().length).toBeGreaterThan(0);
  await rows.first().locator("summary").click();
  await expect(rows.first().locator(".prose-ew")).toBeVisible();
  await page.getByRole("link", { name: /Run #\d+/ }).click();
  await expect(page).toHaveURL(runUrl);

  // Moving the band re-triages the stored pass rates: the counts change without new samples.
  await page.goto("/domains/math");
  await expect(page.getByRole("heading", { name: "Candidates by band" })).toBeVisible();
  const before = { teachable: await bandCount(page, "teachable"), unscored: await bandCount(page, "unscored") };
  expect(before.teachable).toBeGreaterThan(0);
  await page.getByLabel("Teachable band: low (exclusive)").fill("0.45");
  await page.getByLabel("Teachable band: high (exclusive)").fill("0.55");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("Saved.")).toBeVisible();
  await expect.poll(() => bandCount(page, "teachable")).toBeLessThan(before.teachable);
  expect(await bandCount(page, "unscored")).toBe(before.unscored);

  // Put the demo band back for whoever runs next.
  await page.getByLabel("Teachable band: low (exclusive)").fill("0.1");
  await page.getByLabel("Teachable band: high (exclusive)").fill("0.9");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect.poll(() => bandCount(page, "teachable")).toBe(before.teachable);
});

test("a batch run: download the requests, upload an output file, read the report", async ({ page }) => {
  await signIn(page, LEAD);
  await page.goto("/runs/new?domain=science");
  await page.getByLabel("Sample size (N)").fill("3");
  await page.getByLabel("Mode", { exact: true }).selectOption("batch"); // not "model" in an endpoint's name
  await page.getByRole("button", { name: "Start run" }).click();
  await expect(page).toHaveURL(/\/runs\/\d+$/);

  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "Download requests (JSONL)" }).click();
  // A GET does not prepare (write) anything any more: the export is a POST (issue 8).
  expect((await page.request.get(page.url().replace("/runs/", "/api/runs/") + "/batch")).status()).toBe(405);
  const text = (await (await download).createReadStream()).toArray();
  const requests = Buffer.concat(await text).toString("utf8").trim().split("\n").map((l) => JSON.parse(l));
  expect(requests).toHaveLength(3);
  expect(requests[0]).toMatchObject({ method: "POST", url: "/v1/chat/completions", body: { n: 8 } });

  // What a serving cluster would send back (always answering "Z", so every sample is wrong),
  // plus a repeated line, a foreign custom_id, an error line and a broken one.
  const answer = (custom_id: string, n: number) =>
    JSON.stringify({ custom_id, response: { status_code: 200, body: { choices: Array.from({ length: n }, () => ({ message: { content: "Answer: Z" } })), usage: { prompt_tokens: 50, completion_tokens: 8 * n } } } });
  const lines = [
    ...requests.map((r) => answer(r.custom_id, r.body.n)),
    answer(requests[0].custom_id, 8),
    answer("someone-else-1", 8),
    JSON.stringify({ custom_id: requests[1].custom_id, response: null, error: { message: "quota exceeded" } }),
    "{not json",
  ];
  await page.getByTestId("batch-output-input").setInputFiles({ name: "output.jsonl", mimeType: "application/x-ndjson", buffer: Buffer.from(lines.join("\n") + "\n") });
  await page.getByRole("button", { name: "Upload output (JSONL)" }).click();
  const report = page.getByRole("status");
  await expect(report).toContainText("Read 7 lines");
  await expect(report.getByText("Accepted").locator("xpath=following-sibling::dd[1]")).toHaveText("3");
  await expect(report.getByText("Duplicates").locator("xpath=following-sibling::dd[1]")).toHaveText("1");
  await expect(report.getByText("Unknown").locator("xpath=following-sibling::dd[1]")).toHaveText("1");
  await expect(report.getByText("Error lines").locator("xpath=following-sibling::dd[1]")).toHaveText("2");
  await report.getByText(/Problem lines/).click();
  await expect(report).toContainText("quota exceeded");
  await expect(report).toContainText("invalid JSON");
  await expect(page.getByTestId("run-progress-text")).toContainText("3 of 3 candidates scored");
});
