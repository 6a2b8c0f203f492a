import { expect, type Page } from "@playwright/test";

export const ADMIN = { email: "admin@e2e.test", password: "e2e-admin-password" };
export const LEAD = { email: "lead@demo.edgewise", password: "edgewise-demo" };
export const REVIEWER = { email: "reviewer1@demo.edgewise", password: "edgewise-demo" };

export async function signIn(page: Page, who: { email: string; password: string }) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(who.email);
  await page.getByLabel("Password").fill(who.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
}

/**
 * Discard the import whose page is open, as a user would: confirm, wait for the answer, and
 * click again only on the refusal that says to (a domain check still reading its candidates).
 * The discard's own time — seconds for hundreds of thousands of lines — is waited for.
 */
export async function discardOpenImport(page: Page) {
  for (let attempt = 0; ; attempt++) {
    page.once("dialog", (d) => void d.accept());
    const [res] = await Promise.all([
      page.waitForResponse((r) => /\/api\/imports\/\d+\/actions$/.test(r.url()) && r.request().method() === "POST", { timeout: 120_000 }),
      page.getByRole("button", { name: "Discard import" }).click(),
    ]);
    if (res.ok()) break;
    expect(await res.text()).toContain("try again");
    expect(attempt, "a domain check kept refusing the discard").toBeLessThan(30);
    await page.waitForTimeout(3_000);
  }
  await expect(page.getByText("discarded", { exact: true })).toBeVisible();
}
