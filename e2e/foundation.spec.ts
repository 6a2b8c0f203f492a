import { expect, test } from "@playwright/test";
import { ADMIN, LEAD, signIn } from "./helpers";

test("the first look is never empty: the demo workspace is seeded", async ({ page }) => {
  await signIn(page, LEAD);
  for (const name of ["Math", "Science", "Code"]) await expect(page.getByRole("link", { name, exact: true })).toBeVisible();
  await expect(page.getByText("300").first()).toBeVisible();
  await expect(page.getByText("gsm8k.sample.jsonl")).toBeVisible();
});

test("browse candidates with filters and keyset paging", async ({ page }) => {
  await signIn(page, LEAD);
  await page.goto("/candidates?domain=science");
  const rows = page.locator("tbody tr");
  await expect(rows).toHaveCount(50);
  await expect(rows.first().getByRole("cell").nth(2)).toHaveText("science");
  const firstId = await rows.first().getByRole("cell").first().textContent();
  await page.getByRole("link", { name: "Older →" }).click();
  await expect(rows.first().getByRole("cell").first()).not.toHaveText(firstId!);
  // A candidate opened from a filtered, paged list leads back to that same page.
  const listUrl = page.url();
  await rows.first().getByRole("link").click();
  await expect(page.getByRole("heading", { name: /Candidate #\d+/ })).toBeVisible();
  await page.getByRole("link", { name: "← Back to the list" }).click();
  await expect(page).toHaveURL(listUrl);
  await page.goto("/candidates?q=%25%25no-such-text%25%25");
  await expect(page.getByText("Nothing matches these filters")).toBeVisible();
});

test("create and rename a domain", async ({ page }) => {
  await signIn(page, LEAD);
  await page.goto("/domains");
  const form = page.locator("#new");
  await form.getByLabel("Name").fill("Safety");
  await form.getByLabel("Slug").fill("safety");
  await form.getByLabel("Answer kind").selectOption("exact");
  await form.getByRole("button", { name: "Create domain" }).click();
  await expect(page).toHaveURL(/\/domains\/safety$/);
  await page.getByLabel("Name").fill("Safety & refusals");
  await page.getByLabel("Quota (accepted items wanted)").fill("250");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("Saved.")).toBeVisible();
  await page.goto("/domains");
  await expect(page.getByRole("link", { name: "Safety & refusals" })).toBeVisible();
  // A band whose low is not below its high is refused with the field's message.
  await page.goto("/domains/safety");
  await page.getByLabel("Teachable band: low (exclusive)").fill("0.95");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("band low must be below band high")).toBeVisible();
});

test("upload a JSONL file: progress, counts, bad lines by number, inert HTML, rendered math", async ({ page }) => {
  await signIn(page, ADMIN);
  await page.goto("/imports");
  const lines = [
    JSON.stringify({ prompt: "Compute $\\frac{1}{2} + \\frac{1}{3}$ <img src=x onerror=\"window.__pwned=1\"><script>window.__pwned=1</script>", answer: "5/6" }),
    "{broken json",
    JSON.stringify({ answer: "no prompt here" }),
    JSON.stringify({ prompt: "A second good prompt for e2e", answer: "2" }),
    JSON.stringify({ prompt: "A second good prompt  for e2e" }),
  ];
  await page.getByTestId("file-input").setInputFiles({ name: "e2e-pool.jsonl", mimeType: "application/x-ndjson", buffer: Buffer.from(lines.join("\n") + "\n") });
  await page.getByLabel("Domain", { exact: true }).selectOption("math");
  await page.getByRole("button", { name: "Upload and import" }).click();
  await expect(page).toHaveURL(/\/imports\/\d+$/);
  await expect(page.getByText("done", { exact: true })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText("Inserted", { exact: true }).locator("..")).toContainText("2");
  await expect(page.getByText("Duplicates", { exact: true }).locator("..")).toContainText("1");
  await expect(page.getByRole("cell", { name: "invalid JSON", exact: false })).toBeVisible();
  await expect(page.getByRole("cell", { name: 'missing "prompt"' })).toBeVisible();
  const download = await page.request.get(page.url().replace("/imports/", "/api/imports/") + "/errors?download=1");
  expect((await download.text()).trim().split("\n")).toHaveLength(2);

  await page.getByRole("link", { name: "View its candidates" }).click();
  await page.getByRole("link", { name: /Compute/ }).click();
  await expect(page.locator(".katex").first()).toBeVisible();
  await expect(page.getByText("<script>window.__pwned=1</script>", { exact: false })).toBeVisible();
  expect(await page.locator(".prose-ew img, .prose-ew script").count()).toBe(0);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
});

test("the CLI imports through a running server with an API token", async ({ page, baseURL }) => {
  await signIn(page, LEAD);
  const created = await page.request.post("/api/tokens", { data: { name: "cli-e2e" }, headers: { origin: baseURL! } });
  expect(created.status()).toBe(200);
  const { token } = await created.json();
  const fs = await import("node:fs");
  const os = await import("node:os");
  const path = await import("node:path");
  const { spawnSync } = await import("node:child_process");
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "cli-e2e-")), "remote.jsonl");
  fs.writeFileSync(file, '{"prompt":"Remote import one"}\n{"prompt":\n{"prompt":"Remote import two"}\n');
  const r = spawnSync(process.execPath, ["bin/edgewise.mjs", "import", file, "--domain", "math", "--json", "--url", baseURL!, "--token", token], {
    encoding: "utf8",
    env: { ...process.env, DATABASE_URL: "" },
  });
  expect(r.status, r.stderr).toBe(0);
  expect(JSON.parse(r.stdout)).toMatchObject({ inserted: 2, rejected: 1, errors: [{ line: 2 }] });
  await page.goto("/imports");
  await expect(page.getByRole("link", { name: "remote.jsonl" })).toBeVisible();
  await expect(page.getByRole("row", { name: /remote\.jsonl/ })).toContainText("lead@demo.edgewise");
});
