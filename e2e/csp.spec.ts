import { expect, test } from "@playwright/test";
import { LEAD, signIn } from "./helpers";

// Pages carry a per-request script nonce (lib/http/csp.ts, proxy.ts) instead of
// 'unsafe-inline': the app's own scripts (Next's hydration payload) run, an injected one does not.

const scriptSrc = (csp: string | undefined) => (csp ?? "").split(";").map((d) => d.trim()).find((d) => d.startsWith("script-src")) ?? "";

test("pages send a nonce CSP without 'unsafe-inline' for scripts, and run with no violations", async ({ page }) => {
  const violations: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to (execute|load)/i.test(m.text())) violations.push(m.text());
  });
  page.on("pageerror", (e) => violations.push(`pageerror: ${e.message}`));

  const login = await page.goto("/login");
  const loginCsp = scriptSrc(login!.headers()["content-security-policy"]);
  expect(loginCsp).toMatch(/'nonce-[A-Za-z0-9+/=]{16,}'/);
  expect(loginCsp).not.toContain("unsafe-inline");

  await signIn(page, LEAD); // the sign-in form is a client component: it only works hydrated
  const first = await page.goto("/candidates");
  const second = await page.request.get("/candidates");
  const a = scriptSrc(first!.headers()["content-security-policy"]);
  const b = scriptSrc(second.headers()["content-security-policy"]);
  expect(a).toMatch(/'nonce-/);
  expect(a).not.toBe(b); // a fresh nonce per response
  // Next put the nonce on its own scripts.
  const nonce = /'nonce-([^']+)'/.exec(a)![1];
  const nonced = await page.evaluate((n) => [...document.scripts].filter((s) => s.nonce === n).length, nonce);
  expect(nonced).toBeGreaterThan(0);
  await page.locator("tbody tr").first().getByRole("link").click(); // client navigation still works
  await expect(page.getByRole("heading", { name: /Candidate #\d+/ })).toBeVisible();
  expect(violations).toEqual([]);
});

test("an inline script injected into a page does not run", async ({ page }) => {
  await signIn(page, LEAD);
  await page.route("**/candidates", async (route) => {
    const res = await route.fetch();
    const html = (await res.text()).replace(/<body([^>]*)>/, "<body$1><script>window.__injected = 1</script>");
    await route.fulfill({ response: res, body: html });
  });
  await page.goto("/candidates");
  await expect(page.locator("tbody tr").first()).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { __injected?: number }).__injected)).toBeUndefined();
});
