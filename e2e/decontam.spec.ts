import { expect, test } from "@playwright/test";
import { LEAD, signIn } from "./helpers";

// Issue 13, decontamination: a lead imports a pool into a new domain; the check queued after
// the import flags the prompt that embeds a GSM8K test problem; the domain page shows it and
// its override; the candidate page shows the benchmark, the matched n-gram and the item; a
// benchmark upload with bad lines names them.

const JANET =
  "Janet’s ducks lay 16 eggs per day. She eats three for breakfast every morning and bakes muffins for her friends every day with four. She sells the remainder at the farmers' market daily for $2 per fresh duck egg. How much in dollars does she make every day at the farmers' market?";

test("imports are checked against the benchmarks; leads see, override and upload", async ({ page, baseURL }) => {
  test.setTimeout(180_000);
  await signIn(page, LEAD);
  const post = (url: string, data: unknown, headers: Record<string, string> = {}) => page.request.post(url, { data, headers: { origin: baseURL!, ...headers } });

  expect((await post("/api/domains", { slug: "dc-e2e", name: "Decontam e2e", answerKind: "math" })).ok()).toBe(true);
  const lines = [
    { prompt: `Practice problem (copied from somewhere):\n\n${JANET}\n\nAnswer with a number.`, answer: "18" },
    { prompt: "A farmer has 12 cows and buys 5 more. How many cows does the farmer have now?", answer: "17" },
    { prompt: "How much in dollars does she make?", answer: "3" },
  ];
  const imp = await post("/api/imports?fileName=dc.jsonl&domain=dc-e2e", lines.map((l) => JSON.stringify(l)).join("\n") + "\n", { "content-type": "application/x-ndjson" });
  expect(imp.ok(), await imp.text()).toBe(true);
  await expect
    .poll(async () => (await (await page.request.get("/api/domains/dc-e2e/decontam")).json()).checks[0]?.status, { timeout: 90_000, intervals: [1000] })
    .toBe("done");

  await page.goto("/domains/dc-e2e");
  const card = page.getByRole("region", { name: "Decontamination" }).or(page.locator('[aria-label="Decontamination"]'));
  await expect(card.getByTestId("decontam-latest")).toContainText("1 candidates of this domain are contaminated now");
  // Override GSM8K test here: nothing is contaminated; take the override back.
  const toggle = card.getByLabel("Override GSM8K test for this domain");
  await toggle.click();
  await expect(card.getByTestId("decontam-latest")).toContainText("0 candidates of this domain are contaminated now");
  await expect(card.getByText("overridden by lead@demo.edgewise")).toBeVisible();
  await expect(toggle).toBeChecked();
  await toggle.click();
  await expect(card.getByTestId("decontam-latest")).toContainText("1 candidates of this domain are contaminated now");
  await expect(toggle).not.toBeChecked();

  const list = await (await page.request.get("/api/candidates?domain=dc-e2e&limit=10")).json();
  const copied = list.items.find((c: { preview: string }) => c.preview.startsWith("Practice problem"));
  await page.goto(`/candidates/${copied.id}`);
  const hit = page.locator('[aria-label="Contamination"]');
  await expect(hit.getByText("Contaminated", { exact: true })).toBeVisible();
  await expect(hit.getByText("GSM8K test")).toBeVisible();
  await expect(hit.getByTestId("matched-ngram")).toHaveText(/^janet s ducks lay 16 eggs/);
  await hit.getByText("The benchmark item").click();
  await expect(hit.getByText(JANET)).toBeVisible();
  const clean = list.items.find((c: { preview: string }) => c.preview.startsWith("How much"));
  await page.goto(`/candidates/${clean.id}`);
  await expect(page.locator('[aria-label="Contamination"]')).toHaveCount(0);

  // A benchmark file with bad lines is refused whole, each bad line named.
  await page.goto("/benchmarks");
  await expect(page.getByRole("cell", { name: /GSM8K test/ })).toBeVisible();
  await page.getByLabel("Benchmark file (JSONL)").setInputFiles({
    name: "mine.jsonl",
    mimeType: "application/json",
    buffer: Buffer.from('{"prompt": "One fine item with enough words in it to matter."}\n{"prompt": 7}\nnot json\n'),
  });
  await page.getByLabel("Name").fill("Mine");
  await page.getByLabel("Release date").fill("2025-05-01");
  await page.getByRole("button", { name: "Upload benchmark" }).click();
  const alert = page.getByRole("form", { name: "Upload a benchmark" }).getByRole("alert");
  await expect(alert).toContainText("2 bad lines, nothing stored");
  await expect(alert.getByRole("list", { name: "Bad lines" })).toContainText("line 2:");
  await expect(alert.getByRole("list", { name: "Bad lines" })).toContainText("line 3: not valid JSON");
});
