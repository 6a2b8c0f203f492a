import { expect, test, type Page } from "@playwright/test";
import { discardOpenImport, LEAD, signIn } from "./helpers";

// Files as they come from elsewhere: a dataset with its own key names ("problem", a numeric
// "answer") is read through a mapping the upload form fills in and says so; an SFT set of chat
// messages is recognised as the chat format, and each solution's \boxed{} becomes the reference.

// AIME / AMC style: "problem", a worked "solution" and a numeric "answer".
const CONTEST = [
  { id: 1, problem: "A train covers 45 miles at 18 mph and 12 mph from both ends. Where do they meet?", solution: "They meet after 1.5 h, at $27$.", answer: 27.0 },
  { id: 2, problem: "What is the sum of the first 10 positive integers?", solution: "$\\frac{10 \\cdot 11}{2} = 55$", answer: 55 },
];

async function upload(page: Page, name: string, lines: unknown[]) {
  await page.goto("/imports");
  await page.getByTestId("file-input").setInputFiles({ name, mimeType: "application/x-ndjson", buffer: Buffer.from(lines.map((l) => JSON.stringify(l)).join("\n") + "\n") });
  await page.getByLabel("Domain", { exact: true }).selectOption("e2e-formats");
}

async function imported(page: Page, inserted: number): Promise<{ prompt: string; answer: string | null }[]> {
  await page.getByRole("button", { name: "Upload and import" }).click();
  await expect(page).toHaveURL(/\/imports\/\d+$/);
  await expect(page.getByText("done", { exact: true })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText("Inserted", { exact: true }).locator("..")).toContainText(String(inserted));
  const batch = page.url().split("/").pop();
  const res = await page.request.get(`/api/candidates?batch=${batch}&limit=50`);
  expect(res.ok()).toBe(true);
  const { items } = (await res.json()) as { items: { id: number }[] };
  return Promise.all(items.map(async ({ id }) => (await (await page.request.get(`/api/candidates/${id}`)).json()) as { prompt: string; answer: string | null }));
}

test("other key names are mapped for you; a chat SFT set is recognised and its boxed answers become references", async ({ page, baseURL }) => {
  await signIn(page, LEAD);
  const made = await page.request.post("/api/domains", { data: { slug: "e2e-formats", name: "E2E formats", answerKind: "math" }, headers: { origin: baseURL! } });
  expect(made.ok(), await made.text()).toBe(true);

  await upload(page, "contest.jsonl", CONTEST);
  await expect(page.getByTestId("mapping-guess")).toContainText('reading "problem" as the prompt and "answer" as the reference answer');
  await expect(page.getByLabel("prompt key")).toHaveValue("problem");
  await expect(page.getByLabel("answer key")).toHaveValue("answer");
  const contest = await imported(page, 2);
  expect(contest.map((c) => c.answer).sort()).toEqual(["27", "55"]);

  // Imported by mistake: a lead discards it from its page (nobody worked on it yet), and the
  // same file imports again instead of counting as duplicates.
  // Its checks (near-duplicates, benchmarks) run in the worker right after the import; while
  // one runs the discard is refused with "try again when it is done" — as a user would, retry.
  await discardOpenImport(page);
  await expect(page.getByText(/Discarded by lead@demo\.edgewise: 2 candidates removed/)).toBeVisible();
  await expect(page.getByRole("link", { name: "View its candidates" })).toHaveCount(0);
  await upload(page, "contest.jsonl", CONTEST);
  await imported(page, 2);

  // OpenAI-style messages with a system turn; the reference comes from the solution's box.
  await upload(page, "sft.jsonl", [
    { messages: [{ role: "system", content: "Think step by step." }, { role: "user", content: "What is 6 times 7?" }, { role: "assistant", content: "6 × 7 = 42, so \\boxed{42}." }] },
    { messages: [{ role: "user", content: "What is 9 minus 4?" }, { role: "assistant", content: "9 − 4 = \\boxed{5}" }] },
    { messages: [{ role: "user", content: "hi" }, { role: "assistant", content: "hello" }, { role: "user", content: "a second turn" }] },
  ]);
  await expect(page.getByRole("status")).toContainText("This file looks like Chat");
  await page.getByRole("button", { name: "Use Chat" }).click();
  await expect(page.getByLabel("Format")).toHaveValue("chat");
  const sft = await imported(page, 2);
  expect(sft.map((c) => [c.prompt, c.answer]).sort()).toEqual([
    ["What is 6 times 7?", "42"],
    ["What is 9 minus 4?", "5"],
  ]);
  await expect(page.getByRole("cell", { name: /has 2 user turns/ })).toBeVisible();
});
