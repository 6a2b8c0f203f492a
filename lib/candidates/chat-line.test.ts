import { describe, expect, it } from "vitest";
import { formatLine, type ExportRow } from "@/lib/export";
import { detectFormat } from "./detect-format";
import { convertLine } from "./formats";
import { MAX_KEPT_SOLUTION } from "./chat-line";

const chat = (line: unknown) => convertLine(line, "chat");
const row = (line: unknown) => {
  const c = chat(line);
  if (!c.ok) throw new Error(c.reason);
  return c.row;
};
const reason = (line: unknown) => {
  const c = chat(line);
  if (c.ok) throw new Error("accepted");
  return c.reason;
};

describe("the chat import format", () => {
  it("OpenAI messages: the user turn is the prompt, the system turn and the assistant's solution go to metadata, the boxed answer is the reference", () => {
    expect(
      row({
        messages: [
          { role: "system", content: "Reason step by step." },
          { role: "user", content: "What is 2+3?" },
          { role: "assistant", content: "2+3 = 5, so the answer is \\boxed{5}." },
        ],
      }),
    ).toEqual({
      prompt: "What is 2+3?",
      answer: "5",
      source: "chat",
      metadata: { system: "Reason step by step.", solution: "2+3 = 5, so the answer is \\boxed{5}." },
      domain: null,
    });
  });

  it("ShareGPT conversations (from/value), GSM8K-style '#### x' and an explicit answer that wins over the solution's", () => {
    const sharegpt = { conversations: [{ from: "human", value: "Add 1 and 2." }, { from: "gpt", value: "1 + 2 = 3\n#### 3" }] };
    expect(row(sharegpt)).toMatchObject({ prompt: "Add 1 and 2.", answer: "3" });
    expect(row({ ...sharegpt, answer: 27.0, source: "mine" })).toMatchObject({ answer: "27", source: "mine" });
  });

  it("a reasoning trace: boxes inside <think> are drafts; the last box after it is the answer; no mark → no reference", () => {
    const trace = "<think>maybe \\boxed{4}? no.</think>\nSo the answer is \\boxed{6}.";
    expect(row({ messages: [{ role: "user", content: "q" }, { role: "assistant", content: trace }] }).answer).toBe("6");
    expect(row({ messages: [{ role: "user", content: "q" }, { role: "assistant", content: "It is six." }] }).answer).toBeNull();
    expect(row({ messages: [{ role: "user", content: "q" }] })).toMatchObject({ prompt: "q", answer: null, metadata: null });
  });

  it("text parts are joined; other parts, roles and shapes are refused by path", () => {
    expect(row({ messages: [{ role: "user", content: [{ type: "text", text: "a" }, { type: "text", text: "b" }] }] }).prompt).toBe("a\nb");
    expect(reason({ messages: [{ role: "user", content: [{ type: "image_url", image_url: {} }] }] })).toBe('"messages.0.content.0" is a "image_url" part: only text can be scored');
    expect(reason({ messages: [{ role: "tool", content: "x" }] })).toBe('"messages.0" has role "tool": expected system, user or assistant');
    expect(reason({ messages: ["hi"] })).toBe('"messages.0": expected a turn object');
    expect(reason({ messages: [{ role: "user", content: 7 }] })).toBe('"messages.0.content": expected a string or a list of text parts');
  });

  it("one user turn only: multi-turn conversations are refused with the reason, not cut", () => {
    const u = (c: string) => ({ role: "user", content: c });
    const a = (c: string) => ({ role: "assistant", content: c });
    expect(reason({ messages: [u("a"), a("b"), u("c"), a("d")] })).toBe("has 2 user turns: Edgewise scores single-turn prompts (one user turn)");
    expect(reason({ messages: [a("hello"), u("q")] })).toBe("has an assistant turn before the user turn: Edgewise scores single-turn prompts");
    expect(reason({ messages: [u("q"), a("x"), a("y")] })).toBe("has more than one turn after the user turn: Edgewise scores single-turn prompts");
    expect(reason({ messages: [a("x")] })).toBe("has no user turn");
    expect(reason({ messages: [] })).toBe("has no user turn");
  });

  it("a line without turns names its keys; the usual limits hold; a huge solution is noted, not stored", () => {
    expect(reason({ question: "q", answer: "a" })).toBe('no list of turns: expected "messages", "conversations" or a "prompt" list; the line has "question", "answer": map one to prompt, or pick the file\'s format');
    expect(reason({ messages: [{ role: "user", content: "  " }] })).toBe('"prompt" is empty');
    expect(reason({ messages: [{ role: "user", content: "x".repeat(100_001) }] })).toBe('"prompt" longer than 100,000 characters');
    expect(reason({ messages: [{ role: "user", content: "q\u0000" }] })).toContain("NUL");
    const long = "y".repeat(MAX_KEPT_SOLUTION + 1) + " \\boxed{1}";
    const kept = row({ messages: [{ role: "user", content: "q" }, { role: "assistant", content: long }] });
    expect(kept.answer).toBe("1");
    expect(kept.metadata).toEqual({ solution_omitted: `${long.length.toLocaleString("en")} characters, over the metadata limit` });
  });

  it("a line with a text prompt beside its messages is generic, not chat (UltraChat keeps both)", () => {
    const ultrachat = { prompt: "Hi there", messages: [{ role: "user", content: "Hi there" }, { role: "assistant", content: "Hello" }, { role: "user", content: "More" }] };
    expect(detectFormat(JSON.stringify(ultrachat) + "\n")?.format).toBe("generic");
    expect(detectFormat(JSON.stringify({ messages: ultrachat.messages.slice(0, 2) }) + "\n")?.format).toBe("chat");
  });

  it("Edgewise's own messages, prompt-completion and rl exports import back to the same prompt and reference", () => {
    const exported: ExportRow = {
      candidateId: 9, domain: "math", prompt: "What is 2+3?", referenceAnswer: "5", passRate: 0.5, k: 8, band: "teachable", verifierKind: "math",
      response: { source: "sample", text: "2+3 = 5. \\boxed{5}" },
    } as unknown as ExportRow;
    for (const format of ["messages", "prompt-completion", "rl"] as const) {
      const text = formatLine(format, exported)!;
      expect(detectFormat(text)?.format).toBe("chat");
      expect(row(JSON.parse(text))).toMatchObject({ prompt: "What is 2+3?", answer: "5" });
    }
    expect(row(JSON.parse(formatLine("rl", exported)!))).toMatchObject({ source: "edgewise/math", metadata: { extra_info: { candidate_id: 9 } } });
  });
});
