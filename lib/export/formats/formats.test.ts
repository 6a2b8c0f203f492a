import { describe, expect, it } from "vitest";
import { exportFormats, formatLine } from "./index";
import type { ExportRow } from "./row";

const row: ExportRow = {
  candidateId: 42,
  domain: "math",
  prompt: "What is 2+3?",
  referenceAnswer: "5",
  response: { text: "2+3 = 5. \\boxed{5}", source: "sample", sampleId: "901" },
  passRate: 0.375,
  ciLow: 0.137,
  ciHigh: 0.694,
  k: 8,
  passes: 3,
  band: "teachable",
  judgeScore: 6,
  verifierKind: "math",
  metadata: { level: 2 },
  source: "gsm8k",
  runId: 7,
};

describe("export formats: exact lines for a fixed row", () => {
  it("messages: user prompt, assistant = the chosen response", () => {
    expect(formatLine("messages", row)).toBe(
      '{"messages":[{"role":"user","content":"What is 2+3?"},{"role":"assistant","content":"2+3 = 5. \\\\boxed{5}"}]}\n',
    );
  });

  it("prompt-completion: TRL conversational", () => {
    expect(formatLine("prompt-completion", row)).toBe(
      '{"prompt":[{"role":"user","content":"What is 2+3?"}],"completion":[{"role":"assistant","content":"2+3 = 5. \\\\boxed{5}"}]}\n',
    );
  });

  it("rl: verl's columns", () => {
    expect(formatLine("rl", row)).toBe(
      '{"data_source":"edgewise/math","prompt":[{"role":"user","content":"What is 2+3?"}],"ability":"math",' +
        '"reward_model":{"style":"rule","ground_truth":"5"},' +
        '"extra_info":{"candidate_id":42,"pass_rate":0.375,"k":8,"band":"teachable","verifier_kind":"math"}}\n',
    );
  });

  it("preference: chosen correct, rejected wrong", () => {
    expect(formatLine("preference", { ...row, preference: { chosen: "5", rejected: "6" } })).toBe(
      '{"prompt":[{"role":"user","content":"What is 2+3?"}],"chosen":[{"role":"assistant","content":"5"}],' +
        '"rejected":[{"role":"assistant","content":"6"}]}\n',
    );
  });

  it("full: score, response, review trail and lineage", () => {
    const trail = {
      decisions: [{ reviewer: "r@x", decision: "accept", reason: null, note: "ok", at: "2026-01-01T00:00:00.000Z" }],
      edits: [{ editor: "r@x", field: "answer", before: "4", after: "5", at: "2026-01-01T00:00:00.000Z" }],
      lineage: { parentId: 3, kind: "transform" },
    };
    expect(formatLine("full", { ...row, trail })).toBe(
      '{"candidate_id":42,"domain":"math","prompt":"What is 2+3?","reference_answer":"5",' +
        '"response":{"text":"2+3 = 5. \\\\boxed{5}","source":"sample","sample_id":"901"},' +
        '"score":{"run_id":7,"pass_rate":0.375,"ci":[0.137,0.694],"k":8,"passes":3,"band":"teachable","judge_score":6,"verifier_kind":"math"},' +
        '"source":"gsm8k","metadata":{"level":2},' +
        '"review":{"decisions":[{"reviewer":"r@x","decision":"accept","reason":null,"note":"ok","at":"2026-01-01T00:00:00.000Z"}],' +
        '"edits":[{"editor":"r@x","field":"answer","before":"4","after":"5","at":"2026-01-01T00:00:00.000Z"}]},' +
        '"lineage":{"parent_id":3,"kind":"transform"}}\n',
    );
  });

  it("a weighted mixture row carries its weight last, in every format", () => {
    const weighted = { ...row, weight: 2.5, preference: { chosen: "5", rejected: "6" } };
    for (const f of exportFormats) {
      const parsed = JSON.parse(formatLine(f, weighted)!);
      expect(parsed.weight, f).toBe(2.5);
      expect(Object.keys(parsed).at(-1), f).toBe("weight");
    }
    expect(JSON.parse(formatLine("messages", row)!)).not.toHaveProperty("weight");
  });

  it("rows a format cannot express are skipped (null), never half-written", () => {
    expect(formatLine("messages", { ...row, response: null })).toBeNull();
    expect(formatLine("prompt-completion", { ...row, response: null })).toBeNull();
    expect(formatLine("rl", { ...row, referenceAnswer: null })).toBeNull();
    expect(formatLine("preference", row)).toBeNull();
    expect(formatLine("preference", { ...row, preference: null })).toBeNull();
    expect(formatLine("full", { ...row, response: null, referenceAnswer: null })).not.toBeNull();
  });

  it("a line is one line: newlines in text are escaped", () => {
    const line = formatLine("messages", { ...row, prompt: "a\nb", response: { ...row.response!, text: "c\r\nd" } })!;
    expect(line.indexOf("\n")).toBe(line.length - 1);
  });
});
