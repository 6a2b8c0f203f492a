import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { ADMIN, LEAD, signIn } from "./helpers";

// Several target models, one difficulty (issue 15): an admin registers a stronger simulated
// target; a lead scores a small pool with the demo's model AND that one from the New run form,
// reads each model's pass rate side by side on a candidate, and makes the domain's band follow
// the lowest of them — re-triaged at once, nothing sampled again.

const line = (i: number) => {
  const a = 17 + ((i * 31) % 300);
  const b = 3 + ((i * 7) % 40);
  return JSON.stringify({ prompt: `A shelf holds ${a} jars and ${b} more are added. How many jars are on the shelf? (targets line ${i})`, answer: String(a + b) });
};

function api(page: Page, baseURL: string) {
  return {
    get: (url: string) => page.request.get(url),
    // Same-origin writes carry an Origin header (the CSRF check); page.request does not add one.
    post: (url: string, o: { data: unknown; headers?: Record<string, string> }) => page.request.post(url, { ...o, headers: { origin: baseURL, ...o.headers } }),
  };
}

async function waitDone(request: Pick<APIRequestContext, "get">, url: string) {
  await expect.poll(async () => (await (await request.get(url)).json()).status, { timeout: 90_000, intervals: [500] }).toBe("done");
}

test("a run samples two target models; the candidate shows both rates; the domain's basis re-triages", async ({ browser, page, baseURL }) => {
  test.setTimeout(180_000);
  const admin = await browser.newPage();
  await signIn(admin, ADMIN);
  const asAdmin = api(admin, baseURL!);
  const { items: endpoints } = await (await asAdmin.get("/api/endpoints")).json();
  const demo = endpoints.find((e: { model: string; roles: string[] }) => e.model === "sim-target" && e.roles.includes("target"));
  const strong = await asAdmin.post("/api/endpoints", {
    data: { name: "Stronger simulated target (e2e)", baseUrl: demo.baseUrl, model: "sim-strong", roles: ["target"], simulated: true, maxConcurrent: 16 },
  });
  expect(strong.ok(), await strong.text()).toBe(true);
  await admin.close();

  await signIn(page, LEAD);
  const lead = api(page, baseURL!);
  expect((await lead.post("/api/domains", { data: { slug: "two-models", name: "Two models", answerKind: "math" } })).ok()).toBe(true);
  const imp = await lead.post("/api/imports?fileName=two-models.jsonl&format=generic&domain=two-models", {
    data: Array.from({ length: 30 }, (_, i) => line(i)).join("\n") + "\n",
    headers: { "content-type": "application/x-ndjson" },
  });
  expect(imp.ok(), await imp.text()).toBe(true);
  await waitDone(lead, `/api/imports/${(await imp.json()).batchId}`);

  // The New run form: the demo model is the primary; "Also sample" adds the stronger one.
  await page.goto("/runs/new?domain=two-models");
  await page.getByLabel("Sample size (N)").fill("30");
  await page.getByRole("checkbox", { name: /Stronger simulated target \(e2e\)/ }).check();
  await page.getByRole("button", { name: "Start run" }).click();
  await expect(page).toHaveURL(/\/runs\/\d+$/);
  const runId = page.url().match(/\/runs\/(\d+)$/)![1];
  await waitDone(lead, `/api/runs/${runId}`);
  await page.reload();
  await expect(page.getByText("Also sampled")).toBeVisible();
  await expect(page.getByText("Stronger simulated target (e2e)").first()).toBeVisible();
  const run = await (await lead.get(`/api/runs/${runId}`)).json();
  expect(run.targetEndpointIds).toHaveLength(2);
  expect(run.samples).toBe(30 * 8 * 2);

  // A candidate: each model's pass rate side by side.
  const { items } = await (await lead.get(`/api/candidates?run=${runId}&limit=5`)).json();
  await page.goto(`/candidates/${items[0].id}`);
  const perModel = page.getByRole("table", { name: "Pass rate per target model" });
  await expect(perModel.getByRole("row")).toHaveCount(2);
  await expect(perModel).toContainText("Stronger simulated target (e2e)");
  await expect(perModel).toContainText("defines the band");

  // The domain: the band follows the lowest pass rate; saving re-triages without sampling.
  await page.goto("/domains/two-models");
  const basis = page.getByLabel("Band defined by");
  await expect(basis).toHaveValue("primary");
  await basis.selectOption("min");
  await page.getByRole("button", { name: "Save and re-triage" }).click();
  await expect(page.getByRole("status").filter({ hasText: "scores changed" })).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("Band defined by")).toHaveValue("min");
  expect((await (await lead.get(`/api/runs/${runId}`)).json()).samples).toBe(30 * 8 * 2);
  // The histogram can show one model's own pass rates.
  await page.getByLabel("Histogram: whose pass rates").selectOption({ label: "Stronger simulated target (e2e) (sim-strong)" });
  await expect(page.getByTestId("histogram-model")).toContainText("Stronger simulated target (e2e)'s own pass rates");
  await expect(page.getByRole("img", { name: /Pass-rate histogram by review status/ })).toBeVisible();
});
