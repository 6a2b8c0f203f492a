import zlib from "node:zlib";
import { expect, test } from "@playwright/test";
import { hostilePool } from "../lib/candidates/fixtures/hostile-pool";
import { LEAD, signIn } from "./helpers";

// Issue 8, item 1, as a lead meets it: a 20,000-line pool with hostile lines among the good
// ones, uploaded in the browser, imports its good lines and lists each hostile one.

test("a browser upload of a pool with hostile lines keeps the good lines and lists the hostile ones by number", async ({ page }) => {
  const pool = hostilePool();
  await signIn(page, LEAD);
  await page.goto("/imports");
  await page.getByTestId("file-input").setInputFiles({ name: "hostile.jsonl.gz", mimeType: "application/gzip", buffer: zlib.gzipSync(pool.body) });
  await page.getByLabel("Domain", { exact: true }).selectOption("code");
  await page.getByRole("button", { name: "Upload and import" }).click();
  await expect(page).toHaveURL(/\/imports\/\d+$/);
  await expect(page.getByText("done", { exact: true })).toBeVisible({ timeout: 45_000 });
  await expect(page.getByText("Inserted", { exact: true }).locator("..")).toContainText(pool.goodPrompts.length.toLocaleString("en"));
  await expect(page.getByText("Rejected", { exact: true }).locator("..")).toContainText(String(pool.hostile.length));
  await expect(page.getByRole("heading", { name: `Rejected lines (${pool.hostile.length}) · warnings (1)` })).toBeVisible();

  const row = (line: number) => page.getByRole("row").filter({ has: page.getByRole("cell", { name: line.toLocaleString("en"), exact: true }) });
  await expect(row(12_000)).toContainText('"source" contains a NUL character (\\u0000), which PostgreSQL cannot store');
  await expect(row(12_006)).toContainText(/^[\d,]+invalid JSON \(.*garbage\\u0000/);
  await expect(row(12_009)).toContainText('"metadata.k" contains a lone surrogate (\\ud800)');
  await expect(row(12_013)).toContainText("JSON nested deeper than 64 levels");
  await expect(row(15_000)).toContainText(/warning\s*duplicate key "prompt": the last value was kept/);
  // Every hostile line is listed, in line order, with the warning among them.
  const lines = await page.locator("tbody tr td:first-child").allTextContents();
  const expected = [...pool.hostile.map((h) => h.line), ...pool.warned].sort((a, b) => a - b);
  expect(lines.map((l) => Number(l.replace(/,/g, "")))).toEqual(expected);
});

test("a zip file is refused at upload in one sentence", async ({ page }) => {
  await signIn(page, LEAD);
  await page.goto("/imports");
  const zip = Buffer.concat([Buffer.from("504b0304", "hex"), Buffer.alloc(2000, 0x41)]);
  await page.getByTestId("file-input").setInputFiles({ name: "pool.zip", mimeType: "application/zip", buffer: zip });
  await page.getByLabel("Domain", { exact: true }).selectOption("code");
  await page.getByRole("button", { name: "Upload and import" }).click();
  await expect(page.getByText("The file is a zip archive, not JSONL: extract the .jsonl file and import that")).toBeVisible();
  await expect(page).toHaveURL(/\/imports$/);
});
