import { expect, test, type Browser, type Page } from "@playwright/test";
import { ADMIN, signIn } from "./helpers";

// Self-service accounts (issue 14): your own password change ends your other sessions; an
// admin's reset shows the new password once. And the upload form's format suggestion.

async function session(browser: Browser, who: { email: string; password: string }): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, who);
  return page;
}

test("change your own password: the current one is required, other sessions end; an admin resets it", async ({ browser, page }) => {
  test.setTimeout(120_000); // five sign-ins and two password hashes: slow on a loaded machine
  await signIn(page, ADMIN);
  await page.goto("/settings/users");
  const user = { email: `self-${Date.now()}@e2e.test`, password: "first-password-1" };
  await page.getByLabel("Name").fill("Self Service");
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Add user" }).click();
  await expect(page.getByText(`Created ${user.email}`)).toBeVisible();

  const laptop = await session(browser, user);
  const phone = await session(browser, user);
  await laptop.goto("/settings/account");
  await laptop.getByLabel("Current password").fill("not-my-password");
  await laptop.getByLabel("New password", { exact: true }).fill("second-password-2");
  await laptop.getByLabel("Confirm new password").fill("second-password-2");
  await laptop.getByRole("button", { name: "Change password" }).click();
  await expect(laptop.getByText("The current password is not right.")).toBeVisible();

  await laptop.getByLabel("Current password").fill(user.password);
  await laptop.getByLabel("New password", { exact: true }).fill("second-password-2");
  await laptop.getByLabel("Confirm new password").fill("second-password-2");
  await laptop.getByRole("button", { name: "Change password" }).click();
  await expect(laptop.getByText("Password changed. Your other sessions have been signed out.")).toBeVisible();
  await laptop.goto("/");
  await expect(laptop.getByRole("heading", { name: "Overview" })).toBeVisible(); // this session stays
  await phone.goto("/");
  await expect(phone).toHaveURL(/\/login/); // the other one ended

  page.on("dialog", (d) => void d.accept());
  await page.reload();
  await page.getByRole("button", { name: `Reset password of ${user.email}` }).click();
  const shown = page.getByRole("status").filter({ hasText: `New password for ${user.email}` });
  await expect(shown).toBeVisible();
  const fresh = (await shown.locator("code").textContent())!;
  await laptop.goto("/");
  await expect(laptop).toHaveURL(/\/login/);
  await session(browser, { email: user.email, password: fresh });
});

test("the upload form suggests the format the first lines fit, maps common key names, and names the keys when nothing fits", async ({ page }) => {
  await signIn(page, ADMIN);
  await page.goto("/imports");
  const gsm8k = [
    { question: "What is 2+3?", answer: "Add them.\n#### 5" },
    { question: "What is 4+4?", answer: "#### 8" },
  ];
  await page
    .getByTestId("file-input")
    .setInputFiles({ name: "pool.jsonl", mimeType: "application/x-ndjson", buffer: Buffer.from(gsm8k.map((l) => JSON.stringify(l)).join("\n") + "\n") });
  await expect(page.getByText('This file looks like GSM8K: its first lines have "question" and an "answer" with ####.')).toBeVisible();
  await page.getByRole("button", { name: "Use GSM8K" }).click();
  await expect(page.getByLabel("Format")).toHaveValue("gsm8k");

  const alpaca = [{ instruction: "Say hi", output: "hi" }];
  await page
    .getByTestId("file-input")
    .setInputFiles({ name: "alpaca.jsonl", mimeType: "application/x-ndjson", buffer: Buffer.from(JSON.stringify(alpaca[0]) + "\n") });
  await page.getByLabel("Format").selectOption("generic");
  // Common key names: the mapping is filled in, and the form says so.
  await expect(page.getByTestId("mapping-guess")).toContainText('reading "instruction" as the prompt and "output" as the reference answer');
  await expect(page.getByLabel("prompt key")).toHaveValue("instruction");

  await page
    .getByTestId("file-input")
    .setInputFiles({ name: "odd.jsonl", mimeType: "application/x-ndjson", buffer: Buffer.from(JSON.stringify({ foo: "x", bar: 1 }) + "\n") });
  await expect(page.getByText("Keys found: foo, bar.")).toBeVisible();
  await expect(page.getByLabel("prompt key")).toHaveValue(""); // the last file's filled-in mapping is not carried over
});
