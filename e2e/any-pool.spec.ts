import { expect, test, type APIRequestContext } from "@playwright/test";
import { LEAD, signIn } from "./helpers";

// The simulator serves any pool: a lead imports GSM8K training lines the demo never had and
// scores them with the demo's simulated model. `npm start`'s simulator reads the imported
// references, so the run splits into bands (not ~all "too hard"), says nothing about unknown
// prompts, names its endpoints, links to its continuation, and the Overview shows the split.

const SHOTS = process.env.E2E_SHOTS_DIR;

const gsmLine = (i: number) => {
  const a = 13 + ((i * 29) % 400);
  const b = 2 + ((i * 11) % 30);
  return JSON.stringify({
    question: `A school orders ${a} boxes of pencils with ${b} pencils in each box. How many pencils does it order? (training line ${i})`,
    answer: `There are ${a} boxes of ${b} pencils.\n${a} * ${b} = ${a * b}\n#### ${a * b}`,
  });
};

async function waitDone(request: Pick<APIRequestContext, "get">, url: string, done: (body: { status: string }) => boolean) {
  await expect.poll(async () => done(await (await request.get(url)).json()), { timeout: 90_000, intervals: [500] }).toBe(true);
}

test("a pool outside the demo scores into a spread of bands with the demo's simulated model", async ({ page, baseURL }) => {
  test.setTimeout(180_000);
  await signIn(page, LEAD);
  // Same-origin writes carry an Origin header (the CSRF check); page.request does not add one.
  const api = {
    get: (url: string) => page.request.get(url),
    post: (url: string, o: { data: unknown; headers?: Record<string, string> }) => page.request.post(url, { ...o, headers: { origin: baseURL!, ...o.headers } }),
  };

  const domain = await api.post("/api/domains", { data: { slug: "gsm-train", name: "GSM8K train", answerKind: "math" } });
  expect(domain.ok(), await domain.text()).toBe(true);
  const body = Array.from({ length: 200 }, (_, i) => gsmLine(i)).join("\n") + "\n";
  const imp = await api.post("/api/imports?fileName=gsm8k-train.jsonl&format=gsm8k&domain=gsm-train", { data: body, headers: { "content-type": "application/x-ndjson" } });
  expect(imp.ok(), await imp.text()).toBe(true);
  const importId = (await imp.json()).batchId;
  await waitDone(api, `/api/imports/${importId}`, (b) => b.status === "done");

  const { items: endpoints } = await (await api.get("/api/endpoints")).json();
  const target = endpoints.find((e: { model: string }) => e.model === "sim-target");
  const judge = endpoints.find((e: { model: string }) => e.model === "sim-strong");
  const created = await api.post("/api/runs", {
    data: { domain: "gsm-train", targetEndpointId: target.id, phase: "exploration", sampleSize: 60, k: 8, judgeEndpointId: judge.id },
  });
  expect(created.ok(), await created.text()).toBe(true);
  const run = await created.json();
  await waitDone(api, `/api/runs/${run.id}`, (b) => b.status === "done");

  const { rows } = { rows: (await (await api.get(`/api/runs/${run.id}`)).json()).progress.bands as Record<string, number> };
  expect(rows.too_easy + rows.teachable + rows.too_hard).toBe(60);
  expect(rows.teachable).toBeGreaterThan(10);
  expect(rows.too_easy).toBeGreaterThan(5);
  expect(rows.too_hard).toBeLessThan(40); // old simulator: ~all 60

  // Continue it with a scaling run: both pages link to each other.
  const scaling = await api.post("/api/runs", { data: { domain: "gsm-train", targetEndpointId: target.id, phase: "scaling", k: 8, parentRunId: run.id } });
  expect(scaling.ok(), await scaling.text()).toBe(true);
  const scalingRun = await scaling.json();
  await waitDone(api, `/api/runs/${scalingRun.id}`, (b) => b.status === "done");

  await page.goto(`/runs/${run.id}`);
  await expect(page.getByTestId("run-progress-text")).toContainText("60 of 60 candidates scored");
  await expect(page.getByTestId("simulator-note")).toHaveCount(0);
  await expect(page.getByText(judge.name).first()).toBeVisible();
  await expect(page.getByTestId("continued-by").getByRole("link", { name: `Run #${scalingRun.id}` })).toBeVisible();
  await expect(page.getByTestId("run-band")).toHaveText("0.1–0.9");
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/run-page.png`, fullPage: true });

  // A judged candidate shows the judge as a 1–10 score, not as one more ✓ among the k.
  const triaged = await (await api.get("/api/candidates?domain=gsm-train&stage=triaged&limit=100")).json();
  let judged: number | undefined;
  for (const c of triaged.items as { id: number }[]) {
    const e = await (await api.get(`/api/candidates/${c.id}/evidence`)).json();
    if (e.samples.some((x: { role: string; runId: number }) => x.role === "judge" && x.runId === run.id)) {
      judged = c.id;
      break;
    }
  }
  expect(judged).toBeDefined();
  await page.goto(`/candidates/${judged}`);
  await expect(page.getByTestId("judge-score")).toHaveText(/^\d+(\.\d+)?\/10$/);
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/candidate-judge.png`, fullPage: true });

  await page.goto(`/runs/${scalingRun.id}`);
  await expect(page.getByRole("link", { name: `Run #${run.id}` })).toBeVisible();

  await page.goto("/");
  const split = page.locator("[data-testid=band-split]").filter({ has: page.locator('[data-band="teachable"]') });
  await expect(split.first()).toBeVisible();
  await expect(page.getByText("Bands of 200 scored")).toBeVisible();
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/overview.png`, fullPage: true });
});
