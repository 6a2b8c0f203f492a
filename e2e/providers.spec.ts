import { expect, test } from "@playwright/test";
import { ADMIN, LEAD, signIn } from "./helpers";

// Issue 15 in the browser: the demo's simulated reasoning model (sim-reasoner refuses
// max_tokens and temperature, thinks in reasoning_content). Test connection learns its request
// rules and the endpoint row shows them; a run on it works, and a candidate's samples show the
// thinking folded apart from the answer.

test("a reasoning model: Test connection learns its rules, runs show its thinking apart", async ({ page, browser }) => {
  test.setTimeout(240_000);
  await signIn(page, ADMIN);
  await page.goto("/settings/endpoints");
  const row = page.getByRole("row").filter({ hasText: "Simulated reasoning model (demo)" });
  await row.getByRole("button", { name: "Test connection" }).click();
  await expect(row.getByRole("status")).toContainText("Learned and remembered");
  await expect(row.getByRole("status")).toContainText("max_completion_tokens");
  await expect(row.getByTestId("endpoint-protocol")).toContainText("learned: limits tokens with max_completion_tokens");

  const origin = new URL(test.info().project.use.baseURL!).origin;
  const lead = await (await browser.newContext({ extraHTTPHeaders: { origin } })).newPage();
  await signIn(lead, LEAD);
  const { items } = await (await lead.request.get("/api/endpoints")).json();
  const reasoner = (items as { id: number; model: string }[]).find((e) => e.model === "sim-reasoner")!;
  const res = await lead.request.post("/api/runs", { data: { domain: "math", targetEndpointId: reasoner.id, sampleSize: 12, k: 4, reasoningEffort: "high" } });
  expect(res.ok(), await res.text()).toBe(true);
  const run = (await res.json()) as { id: number };
  await expect
    .poll(async () => (await (await lead.request.get(`/api/runs/${run.id}`)).json()).status, { timeout: 150_000, intervals: [2000] })
    .toBe("done");

  const scored = await (await lead.request.get(`/api/candidates?run=${run.id}&limit=100`)).json();
  let sampledId: number | undefined;
  for (const c of scored.items as { id: number }[]) {
    const e = await (await lead.request.get(`/api/candidates/${c.id}/evidence`)).json();
    if (e.samples.length === 4) {
      sampledId = c.id;
      break;
    }
  }
  expect(sampledId).toBeDefined();
  await lead.goto(`/candidates/${sampledId}`);
  const first = lead.getByTestId("sample-row").first();
  await first.locator("summary").first().click();
  const reasoning = first.getByTestId("reasoning");
  await expect(reasoning).toBeVisible();
  await expect(reasoning).toContainText("not read by the verifier");
  await reasoning.locator("summary").click();
  await expect(reasoning).toContainText("Let me work through this carefully");

  await lead.goto(`/runs/${run.id}`);
  await expect(lead.getByText("Reasoning effort")).toBeVisible();
  await expect(lead.getByText(/of the completion tokens were reasoning/)).toBeVisible();
});
