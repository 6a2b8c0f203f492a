import { expect, test } from "@playwright/test";
import { REVIEWER, signIn } from "./helpers";

// Issue 14: the API reference page and GET /api/openapi.json, in the production build — the
// document generated from the routes' zod schemas, readable by any signed-in user.

test("a signed-in user reads the API reference, generated from the routes, and its OpenAPI document", async ({ page, request }) => {
  await signIn(page, REVIEWER);
  await page.getByRole("link", { name: "API reference" }).click();
  await expect(page.getByRole("heading", { name: "API reference" })).toBeVisible();
  // A route with a zod body: its fields are listed with their types and defaults.
  const createDomain = page.getByRole("listitem").filter({ hasText: "POST/api/domains" }).first();
  await expect(createDomain).toContainText("bandLow");
  await expect(createDomain).toContainText("default 0.1");
  await expect(page.getByRole("listitem").filter({ hasText: "/api/imports" }).filter({ hasText: "application/x-ndjson" })).toHaveCount(1);

  const res = await page.request.get("/api/openapi.json");
  expect(res.status()).toBe(200);
  const doc = await res.json();
  expect(doc.openapi).toBe("3.1.0");
  expect(doc.paths["/api/runs/{id}/actions"].post.requestBody.content["application/json"].schema.properties.action.enum).toEqual(["pause", "resume", "cancel"]);
  // Signed out: no document.
  expect((await request.get("/api/openapi.json")).status()).toBe(401);
});
