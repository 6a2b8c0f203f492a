import type { ChildProcess } from "node:child_process";

// Shared by the crash tests (worker and CLI): a pool with known counts, and process helpers.

/**
 * `lines` lines: mostly unique prompts, every 1000th a repeat of an earlier one, every 1009th
 * not JSON, every 2003rd blank. Returns the file's text and what a correct import counts.
 */
export function crashPool(lines: number, tag: string) {
  const out: string[] = [];
  const seen = new Set<string>();
  let duplicates = 0;
  let bad = 0;
  for (let i = 1; i <= lines; i++) {
    if (i % 2003 === 0) out.push("");
    else if (i % 1009 === 0) {
      out.push(`not json ${i}`);
      bad++;
    } else {
      const prompt = `${tag} prompt ${i % 1000 === 0 ? i - 500 : i}`;
      if (seen.has(prompt)) duplicates++;
      seen.add(prompt);
      out.push(JSON.stringify({ prompt, answer: String(i % 97), metadata: { i } }));
    }
  }
  return { text: out.join("\n") + "\n", lines, unique: seen.size, duplicates, bad };
}

export const exited = (c: ChildProcess) =>
  new Promise<void>((r) => (c.exitCode !== null || c.signalCode !== null ? r() : c.once("exit", () => r())));

export async function until(check: () => Promise<boolean>, timeoutMs: number, everyMs = 100): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
