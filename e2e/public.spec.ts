import { expect, test } from "@playwright/test";

// public/: the icon every page links, the logo, and a robots.txt that keeps an internal tool
// out of search engines.
test("serves the favicon, the logo and a robots.txt that disallows everything", async ({ page, request }) => {
  const robots = await request.get("/robots.txt");
  expect(robots.ok()).toBe(true);
  expect(await robots.text()).toMatch(/User-agent: \*\s+Disallow: \/\s*$/);
  for (const [file, type] of [
    ["/favicon.ico", "image/"],
    ["/favicon.svg", "image/svg+xml"],
    ["/logo.svg", "image/svg+xml"],
  ]) {
    const res = await request.get(file);
    expect(res.ok(), file).toBe(true);
    expect(res.headers()["content-type"], file).toContain(type);
  }
  await page.goto("/login");
  await expect(page.locator('link[rel="icon"][href="/favicon.svg"]')).toHaveCount(1);
  await expect(page.locator('link[rel="icon"][href="/favicon.ico"]')).toHaveCount(1);
  await expect(page.locator('meta[name="robots"]')).toHaveAttribute("content", /noindex/);
});
