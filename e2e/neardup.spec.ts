// Imports into "code", like imports.spec: scoring.spec samples math and expects references.
import { expect, test } from "@playwright/test";
import { LEAD, signIn } from "./helpers";

// Near-duplicates end to end: an upload's near-copies are flagged by the worker's pass (shown on
// the import page), listed by the Candidates filter, explained on the candidate page, where a
// lead unflags a pair; the domain page runs a check on demand.

const words = "alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima mike november oscar papa quebec romeo sierra tango".split(" ");
const base = (i: number) =>
  `E2E near-dup problem ${i}: ` + Array.from({ length: 40 }, (_, k) => words[(i * 7 + k * 3) % words.length] + (k % 5 === 0 ? ` ${i * 13 + k}` : "")).join(" ") + "?";
const lines = [0, 1, 2].flatMap((i) => [
  { prompt: base(i), answer: String(i) },
  { prompt: `  ${base(i).replace(/ /g, "  ")}!!` }, // the same words, reformatted: Jaccard 1
]);

test("an upload's near-copies are flagged, listed, explained and unflagged", async ({ page }) => {
  test.setTimeout(180_000);
  await signIn(page, LEAD);
  await page.goto("/imports");
  await page.getByTestId("file-input").setInputFiles({
    name: "e2e-neardup.jsonl",
    mimeType: "application/x-ndjson",
    buffer: Buffer.from(lines.map((l) => JSON.stringify(l)).join("\n") + "\n"),
  });
  await page.getByLabel("Domain", { exact: true }).selectOption("code");
  await page.getByRole("button", { name: "Upload and import" }).click();
  await expect(page).toHaveURL(/\/imports\/\d+$/, { timeout: 60_000 });
  const card = page.getByTestId("import-neardup");
  await expect(card.getByText("3 near-duplicates flagged in this import")).toBeVisible({ timeout: 90_000 });
  await expect(card.getByText("done", { exact: true })).toBeVisible();

  await card.getByRole("link", { name: "View them" }).click();
  await expect(page).toHaveURL(/flag=near_dup/);
  await expect(page.getByText(/^near-dup of #\d+$/)).toHaveCount(3);
  await expect(page.getByLabel("Flags")).toHaveValue("near_dup");

  await page.getByRole("link", { name: /E2E near-dup problem 1:/ }).click();
  const nd = page.getByTestId("neardup-card");
  await expect(nd.getByText(/A near-duplicate of/)).toBeVisible();
  await expect(nd.getByText("100.0%").first()).toBeVisible();
  await nd.getByRole("button", { name: /Not a duplicate/ }).click();
  await expect(nd.getByText("unflagged", { exact: true })).toBeVisible();
  await expect(nd.getByText(/A near-duplicate of/)).toHaveCount(0);

  await page.goto("/domains/code");
  // (The demo's own code prompts may hold near-duplicates too: compare before and after.)
  const domain = page.getByTestId("neardup-domain");
  const count = domain.getByRole("link", { name: /near-duplicates?$/ });
  const before = await count.textContent();
  await domain.getByRole("button", { name: "Check for near-duplicates" }).click();
  await expect(domain.getByTestId("neardup-pass").getByText("done", { exact: true })).toBeVisible({ timeout: 60_000 });
  await expect(count).toHaveText(before!); // the unflag held
});
