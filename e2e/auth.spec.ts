import { expect, test } from "@playwright/test";
import { ADMIN, LEAD, REVIEWER, signIn } from "./helpers";

const nav = (page: import("@playwright/test").Page) => page.getByRole("navigation", { name: "Main" }).getByRole("link");

test("pages need a session: signed out, the app sends you to sign in", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/login$/);
  const res = await page.request.get("/api/domains");
  expect(res.status()).toBe(401);
});

test("signing in takes you back to the page you asked for, never off-site", async ({ page }) => {
  await page.goto("/candidates?domain=science");
  await expect(page).toHaveURL(/\/login\?next=%2Fcandidates%3Fdomain%3Dscience$/);
  await page.getByLabel("Email").fill(LEAD.email);
  await page.getByLabel("Password").fill(LEAD.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/candidates\?domain=science$/);
  await expect(page.getByRole("heading", { name: "Candidates" })).toBeVisible();

  // "/\t/host": the browser strips the tab and reads "//host", another origin.
  for (const next of ["//evil.example/", "/\t/127.0.0.1:8999/pwned", "/\\evil.example", "/\n/evil.example"]) {
    await page.context().clearCookies();
    await page.goto("/login?next=" + encodeURIComponent(next));
    await page.getByLabel("Email").fill(LEAD.email);
    await page.getByLabel("Password").fill(LEAD.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
    expect(new URL(page.url()).host).toBe(new URL(test.info().project.use.baseURL!).host);
  }
});

test("a wrong password gets a clear message", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("Email").fill(REVIEWER.email);
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Wrong" })).toHaveText("Wrong email or password.");
});

test("each role sees exactly its navigation", async ({ page }) => {
  await signIn(page, ADMIN);
  await expect(nav(page)).toHaveText(["Overview", "Domains", "Review", "Reviewers", "Candidates", "Imports", "Runs", "Exports", "Benchmarks", "Users", "Model endpoints", "Audit trail", "API tokens", "Account", "API reference"]);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login$/);

  await signIn(page, LEAD);
  await expect(nav(page)).toHaveText(["Overview", "Domains", "Review", "Reviewers", "Candidates", "Imports", "Runs", "Exports", "Benchmarks", "API tokens", "Account", "API reference"]);
  await page.getByRole("button", { name: "Sign out" }).click();

  await signIn(page, REVIEWER);
  // Imports and runs: read-only views of the reviewer's domains (issue 9).
  await expect(nav(page)).toHaveText(["Overview", "Domains", "Review", "Candidates", "Imports", "Runs", "Exports", "API tokens", "Account", "API reference"]);
});

test("a reviewer typing an admin URL gets a proper 403 page", async ({ page }) => {
  await signIn(page, REVIEWER);
  const res = await page.goto("/settings/users");
  expect(res?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: "You don't have access to this page" })).toBeVisible();
  const api = await page.request.get("/api/users");
  expect(api.status()).toBe(403);
});

test("an admin creates a user, and a token works for the API until revoked", async ({ page, request }) => {
  await signIn(page, ADMIN);
  await page.goto("/settings/users");
  await page.getByLabel("Name").fill("Nia New");
  await page.getByLabel("Email").fill("nia@e2e.test");
  await page.getByLabel("Password").fill("nia-password-1");
  await page.getByRole("button", { name: "Add user" }).click();
  await expect(page.getByRole("status")).toContainText("Created nia@e2e.test");
  await expect(page.getByText("nia@e2e.test", { exact: true })).toBeVisible();

  await page.goto("/settings/tokens");
  await page.getByLabel("New token name").fill("e2e");
  await page.getByRole("button", { name: "Create token" }).click();
  const token = (await page.getByTestId("new-token").textContent())!.trim();
  expect(token).toMatch(/^ew_/);
  const ok = await request.get("/api/users", { headers: { authorization: `Bearer ${token}` } });
  expect(ok.status()).toBe(200);
  await page.getByRole("button", { name: "Revoke" }).click();
  await expect(page.getByRole("cell").getByText("revoked", { exact: true })).toBeVisible();
  const gone = await request.get("/api/users", { headers: { authorization: `Bearer ${token}` } });
  expect(gone.status()).toBe(401);

  await page.goto("/settings/audit?action=token.");
  await expect(page.getByRole("cell", { name: "token.revoke" })).toBeVisible();
});
