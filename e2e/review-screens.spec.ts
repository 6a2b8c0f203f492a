import fs from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { LEAD, signIn } from "./helpers";

// The review screen with what a reviewer actually meets: a long code prompt, a long LaTeX
// prompt and eight long attempts each (written through a batch output file, so their text is
// ours). At 1280 and 1920 wide: nothing overflows the page sideways, the decision bar stays
// on screen while the page scrolls, a long prompt scrolls inside its card. Screenshots go to
// test-results/ for a human look.

const SHOTS = path.join(process.cwd(), "test-results");

const codePrompt = [
  "Fix the bug in the following function so that `merge_intervals` returns the merged, sorted intervals. What does the fixed function return for `[[1, 4], [2, 5], [7, 9], [8, 12], [15, 16]]`? Give the number of intervals.",
  "",
  "```python",
  ...Array.from({ length: 70 }, (_, i) =>
    i % 7 === 0
      ? `def helper_${i}(intervals: list[list[int]], threshold: int = ${i}) -> list[list[int]]:  # a deliberately long line that a narrow screen must scroll rather than squash ${"x".repeat(40)}`
      : `    result_${i} = [iv for iv in sorted(intervals, key=lambda p: (p[0], -p[1])) if iv[1] - iv[0] > threshold]  # step ${i}`,
  ),
  "```",
].join("\n");

const latexPrompt = [
  "Let $f:\\mathbb{R}\\to\\mathbb{R}$ satisfy $f(x+y) = f(x) + f(y) + 2xy$ for all real $x, y$, and $f(1) = 3$.",
  "",
  ...Array.from({ length: 14 }, (_, i) => `$$\\sum_{k=1}^{${i + 5}} \\frac{f(k)}{k^2 + ${i}k + 1} = \\int_0^{${i + 1}} \\left( \\frac{x^{${i + 2}} - 1}{x - 1} \\right) \\, dx + \\prod_{j=1}^{${i + 3}} \\left(1 + \\frac{1}{j^2}\\right)$$`),
  "",
  "Compute $f(6)$.",
].join("\n");

function attempt(i: number, correct: boolean, answer: string): string {
  const body = Array.from({ length: 25 }, (_, j) => `Step ${j + 1}: we consider $a_{${j}} = \\frac{${j}^2 + ${i}}{${j + 1}}$ and note that the partial sum stays bounded, so the next step follows from the previous one without loss of generality.`).join("\n\n");
  return `${body}\n\n\`\`\`python\n${Array.from({ length: 20 }, (_, j) => `value_${j} = compute(${j}, ${i})  # ${"trace ".repeat(12)}`).join("\n")}\n\`\`\`\n\n${correct ? "" : "(a slip here) "}Answer: ${answer}`;
}

async function screens(page: Page, name: string) {
  for (const width of [1280, 1920]) {
    await page.setViewportSize({ width, height: width === 1280 ? 800 : 1080 });
    await page.evaluate(() => window.scrollTo(0, 0));
    // No sideways scrolling of the page: long code lines and formulas scroll in their boxes.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    await page.screenshot({ path: path.join(SHOTS, `review-${name}-${width}.png`) });
    // The decision bar stays in view when the reviewer scrolls down to the attempts.
    await page.getByTestId("attempt").last().scrollIntoViewIfNeeded();
    await expect(page.getByRole("button", { name: /^Accept/ })).toBeInViewport();
    // …and so does the score beside them.
    await expect(page.getByText("Wilson 95% interval")).toBeInViewport();
    await page.screenshot({ path: path.join(SHOTS, `review-${name}-${width}-attempts.png`) });
  }
}

test("the review screen holds long code, long LaTeX and eight long attempts at 1280 and 1920", async ({ browser, baseURL }) => {
  test.setTimeout(180_000);
  fs.mkdirSync(SHOTS, { recursive: true });
  // API calls carry the app's own Origin, as the browser's do (cross-site writes are refused).
  const page = await (await browser.newContext({ extraHTTPHeaders: { origin: baseURL! } })).newPage();
  await signIn(page, LEAD);
  const req = page.request;
  expect((await req.post("/api/domains", { data: { slug: "screens", name: "Screens", answerKind: "math" } })).ok()).toBe(true);
  const lines = [{ prompt: codePrompt, answer: "3" }, { prompt: latexPrompt, answer: "36" }].map((l) => JSON.stringify(l)).join("\n") + "\n";
  const imp = await req.post("/api/imports?fileName=screens.jsonl&domain=screens", { data: Buffer.from(lines), headers: { "content-type": "application/x-ndjson" } });
  expect(imp.ok(), await imp.text()).toBe(true);
  const importId = ((await imp.json()) as { batchId: number }).batchId;
  await expect.poll(async () => ((await (await req.get(`/api/imports/${importId}`)).json()) as { status: string }).status, { timeout: 60_000 }).toBe("done");

  const endpoints = (await (await req.get("/api/endpoints")).json()) as { items: { id: number; roles: string[]; simulated: boolean }[] };
  const target = endpoints.items.find((e) => e.simulated && e.roles.includes("target"))!;
  const run = (await (await req.post("/api/runs", { data: { domain: "screens", targetEndpointId: target.id, sampleSize: 2, mode: "batch" } })).json()) as { id: number };
  const requests = (await (await req.post(`/api/runs/${run.id}/batch/requests`)).text()).trim().split("\n").map((l) => JSON.parse(l) as { custom_id: string; body: { n: number; messages: { content: string }[] } });
  expect(requests).toHaveLength(2);
  // Three of eight right: teachable.
  const out = requests.map((r) => {
    const right = r.body.messages.at(-1)!.content.includes("merge_intervals") ? "3" : "36";
    const choices = Array.from({ length: r.body.n }, (_, i) => ({ message: { content: attempt(i, i % 3 === 0, i % 3 === 0 ? right : String(Number(right) + i)) } }));
    return JSON.stringify({ custom_id: r.custom_id, response: { status_code: 200, body: { choices, usage: { prompt_tokens: 900, completion_tokens: 8000 } } } });
  });
  const up = await req.post(`/api/runs/${run.id}/batch`, { data: Buffer.from(out.join("\n") + "\n"), headers: { "content-type": "application/x-ndjson" } });
  expect(up.ok(), await up.text()).toBe(true);

  await page.goto("/review/screens");
  for (const name of ["first", "second"]) {
    await expect(page.getByTestId("prompt")).toBeVisible();
    await expect(page.getByTestId("attempt")).toHaveCount(8);
    await expect(page.getByText("teachable", { exact: true })).toBeVisible();
    const id = await page.getByTestId("current-item").innerText();
    // A long prompt scrolls inside its card instead of pushing everything else away.
    const box = page.getByTestId("prompt");
    expect(await box.evaluate((el) => el.clientHeight <= window.innerHeight * 0.6 + 1)).toBe(true);
    if (name === "first") expect(await box.evaluate((el) => el.scrollHeight > el.clientHeight)).toBe(true); // the code prompt
    // The LaTeX prompt's run of $$…$$ lines is display math, one formula per line, not squeezed inline.
    if (name === "second") await expect(box.locator(".katex-display")).toHaveCount(14);
    await screens(page, name);
    await page.keyboard.press("x");
    await screens(page, `${name}-expanded`);
    await page.keyboard.press("s");
    if (name === "first") await expect(page.getByTestId("current-item")).not.toHaveText(id);
  }
  await expect(page.getByText("Nothing left for you in Screens")).toBeVisible();
  await page.screenshot({ path: path.join(SHOTS, "review-empty-1920.png") });
});
