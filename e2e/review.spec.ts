import { expect, test, type APIRequestContext, type Browser, type Page } from "@playwright/test";
import { ADMIN, LEAD, REVIEWER, signIn } from "./helpers";

// The review workspace end to end (issue 9): a lead scores a sample of the demo math pool and
// puts two reviewers on it with two reviewers per item; reviewer 1 clears ten items with the
// keyboard alone (accept with a response, reject with a reason and a note, skip, an undo, an
// edit that re-scores); reviewer 2 disagrees with one of them through the API; the lead
// settles it in the adjudication queue.

const REVIEWER2 = { email: "reviewer2@demo.edgewise", password: "edgewise-demo" };
const N = 60;

async function session(browser: Browser, who: { email: string; password: string }): Promise<Page> {
  // API calls carry the app's own Origin, as the browser's do (cross-site writes are refused).
  const origin = new URL(test.info().project.use.baseURL!).origin;
  const page = await (await browser.newContext({ extraHTTPHeaders: { origin } })).newPage();
  await signIn(page, who);
  return page;
}

async function json<T>(res: Awaited<ReturnType<APIRequestContext["get"]>>): Promise<T> {
  expect(res.ok(), `${res.url()} → ${res.status()} ${await res.text()}`).toBe(true);
  return (await res.json()) as T;
}

/** The lead scores N random math candidates on the bundled simulator and waits for the run. */
async function scoreMath(lead: Page) {
  const endpoints = await json<{ items: { id: number; roles: string[]; simulated: boolean }[] }>(await lead.request.get("/api/endpoints"));
  const target = endpoints.items.find((e) => e.simulated && e.roles.includes("target"));
  expect(target).toBeDefined();
  const run = await json<{ id: number }>(await lead.request.post("/api/runs", { data: { domain: "math", targetEndpointId: target!.id, sampleSize: N } }));
  await expect
    .poll(async () => (await json<{ status: string }>(await lead.request.get(`/api/runs/${run.id}`))).status, { timeout: 150_000, intervals: [2000] })
    .toBe("done");
}

/** The item on screen has loaded (its id in the header, its prompt rendered). */
async function currentItem(page: Page, not?: number): Promise<number> {
  const el = page.getByTestId("current-item");
  if (not !== undefined) await expect(el).not.toHaveText(`Item #${not}`);
  await expect(page.getByTestId("prompt")).toBeVisible();
  await expect(page.getByRole("heading", { name: /^Attempts/ })).toBeVisible();
  await expect(page.getByRole("button", { name: /^Accept/ })).toBeEnabled(); // the item view is in: keys act
  return Number((await el.innerText()).replace(/\D/g, ""));
}

test("a reviewer clears ten items from the keyboard; a lead adjudicates a disagreement", async ({ browser }) => {
  test.setTimeout(300_000);
  const admin = await session(browser, ADMIN);
  const lead = await session(browser, LEAD);
  const users = await json<{ items: { id: string; email: string }[] }>(await admin.request.get("/api/users"));
  const idOf = (email: string) => users.items.find((u) => u.email === email)!.id;

  // A reviewer with no domain (the demo assigns both to math and science: take reviewer2 off
  // both; every domain's list is replaced as a whole) is told whom to ask.
  for (const d of ["math", "science"]) {
    const { reviewers } = await json<{ reviewers: { id: string }[] }>(await lead.request.get(`/api/domains/${d}/reviewers`));
    const keep = reviewers.map((r) => r.id).filter((id) => id !== idOf(REVIEWER2.email));
    await json(await lead.request.put(`/api/domains/${d}/reviewers`, { data: { userIds: keep } }));
  }
  const r2 = await session(browser, REVIEWER2);
  await r2.goto("/review");
  await expect(r2.getByText("No review domains assigned to you")).toBeVisible();
  await expect(r2.getByText(/Ask a lead to assign you/)).toBeVisible();

  await json(await lead.request.patch("/api/domains/math", { data: { reviewersPerItem: 2, consensus: "majority" } }));
  await json(await lead.request.put("/api/domains/math/reviewers", { data: { userIds: [idOf(REVIEWER.email), idOf(REVIEWER2.email)] } }));
  await scoreMath(lead);

  // ---- Reviewer 1: ten items, keyboard only. ----
  const page = await session(browser, REVIEWER);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Review" }).click();
  const row = page.getByTestId("review-domain").filter({ hasText: "Math" });
  await expect(row).toBeVisible();
  const remainingBefore = Number((await row.getByRole("cell").nth(1).innerText()).replace(/,/g, ""));
  expect(remainingBefore).toBeGreaterThanOrEqual(12);
  await page.goto("/review/math");
  await expect(page.getByRole("heading", { name: "Review · Math" })).toBeVisible();
  await expect(page.getByTestId("remaining")).toHaveText(String(remainingBefore));

  const kb = page.keyboard;
  let id = await currentItem(page);
  const decided: { id: number; decision: string }[] = [];

  // 1. Help overlay, then read the attempts: collapsed by default, j/k move, o opens, x all.
  await kb.press("?");
  await expect(page.getByRole("dialog", { name: "Keyboard shortcuts" })).toBeVisible();
  await kb.press("Escape");
  await expect(page.getByRole("dialog")).toHaveCount(0);
  const attempts = page.getByTestId("attempt");
  // As many attempts as the item's run sampled: k = 8 for the demo's runs and this one, k = 4
  // for providers.spec's reasoning-model run on math (its items share this queue, in any order).
  const title = await page.getByRole("heading", { name: /^Attempts \(\d+\)/ }).innerText();
  const k = Number(/\((\d+)\)/.exec(title)![1]);
  expect([4, 8]).toContain(k);
  await expect(attempts).toHaveCount(k);
  await expect(page.locator('[data-testid="attempt"][data-open="true"]')).toHaveCount(0);
  await kb.press("j");
  await kb.press("j");
  await kb.press("k");
  await kb.press("o");
  await expect(attempts.nth(1)).toHaveAttribute("data-open", "true");
  // The response is rendered (a reasoning model's attempt also shows its thinking above it).
  await expect(attempts.nth(1).getByTestId("attempt-response")).toBeVisible();
  await kb.press("x");
  await expect(page.locator('[data-testid="attempt"][data-open="true"]')).toHaveCount(k);
  await kb.press("x");
  await expect(page.locator('[data-testid="attempt"][data-open="true"]')).toHaveCount(0);
  // Accept with the last response offered (the reference solution) picked by its number.
  await kb.press("a");
  const accept = page.getByRole("dialog", { name: /Accept/ });
  await expect(accept).toBeVisible();
  const options = accept.getByRole("radio");
  const count = await options.count();
  expect(count).toBeGreaterThan(0);
  await kb.press(String(Math.min(count, 9)));
  await expect(options.nth(Math.min(count, 9) - 1)).toBeChecked();
  await kb.press("Enter");
  decided.push({ id, decision: "accept" });
  id = await currentItem(page, id);

  // 2. Reject with reason 1, undo it (the item comes back), reject again with reason 2 and a
  //    note typed in the dialog — letters typed there (s, u, a…) must not fire shortcuts.
  const rejected = id;
  await kb.press("r");
  const reject = page.getByRole("dialog", { name: /Reject/ });
  await kb.press("1");
  await kb.press("Enter");
  await expect(page.getByTestId("notice")).toContainText(`Rejected (wrong reference) #${rejected}`);
  id = await currentItem(page, rejected);
  await kb.press("u");
  await expect(page.getByTestId("notice")).toContainText(`Undid your reject on #${rejected}`);
  await expect(page.getByTestId("current-item")).toHaveText(`Item #${rejected}`);
  id = rejected;
  await kb.press("r");
  await kb.press("2");
  await kb.press("n");
  await kb.type("units are unclear; also says a/s");
  await expect(reject.getByLabel("Note")).toHaveValue("units are unclear; also says a/s");
  await expect(reject).toBeVisible();
  await kb.press("Control+Enter");
  decided.push({ id, decision: "reject" });
  id = await currentItem(page, id);

  // 3. Skip.
  await kb.press("s");
  decided.push({ id, decision: "skip" });
  id = await currentItem(page, id);

  // 4. Edit the reference: the item is re-scored, Accept waits for the new score.
  await kb.press("e");
  const edit = page.getByRole("dialog", { name: /Edit/ });
  await expect(edit.getByLabel("Prompt")).toBeFocused();
  await kb.press("Tab");
  await expect(edit.getByLabel("Reference answer")).toBeFocused();
  // "18" → "18.0": a real edit of the text that checks the same, so the item stays teachable.
  await kb.press("End");
  await kb.type(".0");
  await kb.press("Control+Enter");
  await expect(page.getByTestId("rescoring")).toBeVisible();
  await expect(page.getByRole("button", { name: /^Accept/ })).toBeDisabled();
  await expect(page.getByTestId("rescoring")).toHaveCount(0, { timeout: 90_000 });
  await expect(page.getByTestId("notice")).toContainText("Re-scored");
  await expect(page.getByTestId("reference")).toContainText(".0");
  const edited = await json<{ edits: { field: string; after: string }[] }>(await page.request.get(`/api/review/item?candidateId=${id}`));
  expect(edited.edits).toEqual([expect.objectContaining({ field: "answer", after: expect.stringMatching(/\.0$/) })]);

  // 5–10. Accept (a a) the rest; the header counts each decision.
  while (decided.length < 10) {
    await kb.press("a");
    await expect(page.getByRole("dialog", { name: /Accept/ })).toBeVisible();
    await kb.press("a");
    decided.push({ id, decision: "accept" });
    id = await currentItem(page, id);
  }
  await expect(page.getByTestId("decided-today")).toHaveText("10");
  await expect(page.getByTestId("remaining")).toHaveText(String(remainingBefore - 10));
  const rj = await json<{ decisions: { decision: string; reason: string | null; note: string | null; mine: boolean }[] }>(
    await page.request.get(`/api/review/item?candidateId=${rejected}`),
  );
  expect(rj.decisions).toEqual([expect.objectContaining({ decision: "reject", reason: "ambiguous", note: "units are unclear; also says a/s", mine: true })]);

  // ---- Reviewer 2 disagrees on one of reviewer 1's decided items (API, as a script would). ----
  const r1Decision = new Map(decided.filter((d) => d.decision !== "skip").map((d) => [d.id, d.decision]));
  let disputed: number | null = null;
  for (let i = 0; i < 30 && disputed === null; i++) {
    const claim = await r2.request.post("/api/review/claim", { data: { domain: "math" } });
    expect(claim.status()).toBe(200);
    const cid = ((await claim.json()) as { item: { candidateId: number } }).item.candidateId;
    const mine = r1Decision.get(cid);
    const body = mine === "accept" ? { decision: "reject", reason: "ambiguous", note: "the question is underspecified" } : mine === "reject" ? { decision: "accept" } : { decision: "skip" };
    const state = await json<{ state: string }>(await r2.request.post("/api/review/decisions", { data: { candidateId: cid, ...body } }));
    if (mine) {
      expect(state.state).toBe("adjudication");
      disputed = cid;
    }
  }
  expect(disputed).not.toBeNull();

  // ---- The lead settles it in the browser. ----
  await lead.goto("/review/math/adjudicate");
  await expect(lead.getByRole("heading", { name: "Adjudication · Math" })).toBeVisible();
  const card = lead.getByTestId("adjudication-item").filter({ hasText: `Candidate #${disputed}` });
  await expect(card).toBeVisible();
  await expect(card.getByRole("row").filter({ hasText: "reviewer1@demo.edgewise" })).toBeVisible();
  await expect(card.getByRole("row").filter({ hasText: "reviewer2@demo.edgewise" })).toBeVisible();
  await card.getByRole("button", { name: "Accept" }).click();
  await expect(card).toHaveCount(0);
  const settled = await json<{ state: string; outcome: string; decisions: unknown[] }>(await lead.request.get(`/api/review/item?candidateId=${disputed}`));
  expect(settled).toMatchObject({ state: "final", outcome: "accept" });
  expect(settled.decisions).toHaveLength(2); // the lead sees both reviewers' decisions
  const candidate = await json<{ stage: string }>(await lead.request.get(`/api/candidates/${disputed}`));
  expect(candidate.stage).toBe("accepted");

  // The lead reads agreement: two reviewers, too little overlap for a κ yet, a chart and a table.
  await lead.goto("/review/math/agreement");
  await expect(lead.getByTestId("domain-kappa")).toContainText("not enough overlap");
  await expect(lead.getByRole("img", { name: /Decisions per reviewer: reviewer1 \d+, reviewer2 \d+|Decisions per reviewer: reviewer2 \d+, reviewer1 \d+/ })).toBeVisible();
  await expect(lead.getByTestId("reviewer-row").filter({ hasText: "reviewer1@demo.edgewise" })).toContainText("10");

  // Leave the demo's math domain as other specs expect it.
  await json(await lead.request.patch("/api/domains/math", { data: { reviewersPerItem: 1 } }));
});

test("a lead writes review guidelines; the review screen opens them with g, marked updated until read, as plain text", async ({ browser }) => {
  const lead = await session(browser, LEAD);
  expect((await lead.request.post("/api/domains", { data: { slug: "guided", name: "Guided", answerKind: "math" } })).ok()).toBe(true);
  await lead.goto("/domains/guided");
  const hostile = '<img src=x onerror="window.__guidelinesRan=1">';
  await lead.getByLabel("Review guidelines").fill(`Accept only when the reference is right.\nReject as ambiguous when two readings give two answers.\n${hostile}`);
  await lead.getByRole("button", { name: "Save review settings" }).click();
  await expect(lead.getByText("Saved.", { exact: true })).toBeVisible();

  await lead.goto("/review/guided");
  await expect(lead.getByTestId("guidelines-updated")).toBeVisible();
  await lead.keyboard.press("g");
  const dialog = lead.getByRole("dialog", { name: "Review guidelines · Guided" });
  await expect(dialog.getByTestId("guidelines-text")).toContainText("Reject as ambiguous when two readings give two answers.");
  await expect(dialog.getByTestId("guidelines-text")).toContainText(hostile); // shown, never parsed
  await expect(dialog.locator("img")).toHaveCount(0);
  await lead.keyboard.press("g");
  await expect(dialog).toBeHidden();
  await expect(lead.getByTestId("guidelines-updated")).toBeHidden();
  await lead.reload();
  await expect(lead.getByRole("button", { name: /Guidelines/ })).toBeVisible();
  await expect(lead.getByTestId("guidelines-updated")).toBeHidden(); // read in this browser
  expect(await lead.evaluate(() => (window as { __guidelinesRan?: number }).__guidelinesRan)).toBeUndefined();

  // A change marks them updated again.
  expect((await lead.request.patch("/api/domains/guided", { data: { reviewGuidelines: "Accept only when the reference is right." } })).ok()).toBe(true);
  await lead.reload();
  await expect(lead.getByTestId("guidelines-updated")).toBeVisible();
  // The lead settling a disagreement reads the same rules.
  await lead.goto("/review/guided/adjudicate");
  await lead.getByText("Review guidelines", { exact: true }).click();
  await expect(lead.getByTestId("adjudication-guidelines")).toContainText("Accept only when the reference is right.");
});
