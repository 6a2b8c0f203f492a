import { describe, expect, it } from "vitest";
import { plurality, sameAnswer } from "./plurality";
import { settingsHash, type SamplingSettings } from "./settings";

describe("plurality", () => {
  it("picks the most common answer with its share of all answers", () => {
    expect(plurality(["4", "4", "5", "4"])).toEqual({ answer: "4", votes: 3, share: 0.75 });
  });

  it("counts unanswered samples against the share but never as a winner", () => {
    expect(plurality([null, null, "7", null])).toEqual({ answer: "7", votes: 1, share: 0.25 });
    expect(plurality([null, null])).toBeNull();
    expect(plurality([])).toBeNull();
    expect(plurality(["", "  "])).toBeNull();
  });

  it("breaks ties by first appearance", () => {
    expect(plurality(["b", "a", "a", "b"])?.answer).toBe("b");
  });

  it("math: equivalent forms are one vote", () => {
    const r = plurality(["\\frac{1}{2}", "0.5", "1/2", "2"], sameAnswer("math"));
    expect(r).toMatchObject({ votes: 3, share: 0.75 });
    expect(plurality(["7,425,000", "7425000", "7.425e6", "7424000"], sameAnswer("math"))?.votes).toBe(3);
    expect(plurality(["[0,9)", "(0,9)", "(0,9)"], sameAnswer("math"))).toMatchObject({ answer: "(0,9)", votes: 2 });
  });

  it("exact: compared after normalisation; mcq: letters case-free", () => {
    expect(plurality(["Paris", "paris.", " PARIS ", "Lyon"], sameAnswer("exact"))?.votes).toBe(3);
    expect(plurality(["B", "b", "C"], sameAnswer("mcq"))).toMatchObject({ answer: "B", votes: 2 });
  });
});

describe("settingsHash", () => {
  const ep = { id: 1, model: "m", baseUrl: "http://h/v1" };
  const base: SamplingSettings = { target: ep, k: 8, temperature: 1, maxTokens: 1024 };
  it("is stable and ignores a trailing slash or case in the URL", () => {
    expect(settingsHash(base)).toMatch(/^[0-9a-f]{64}$/);
    expect(settingsHash({ ...base, target: { ...ep, baseUrl: "HTTP://h/v1/" } })).toBe(settingsHash(base));
    expect(settingsHash({ ...base, teacher: null })).toBe(settingsHash(base));
  });
  it("changes with the endpoint (id, URL or model), any sampling setting or the teacher", () => {
    const teacher = { id: 2, model: "t", baseUrl: "http://h/v1" };
    const variants: SamplingSettings[] = [
      { ...base, target: { ...ep, model: "m2" } },
      { ...base, target: { ...ep, baseUrl: "http://other/v1" } },
      { ...base, target: { ...ep, id: 3 } }, // same URL and model behind another endpoint
      { ...base, k: 16 },
      { ...base, temperature: 0.7 },
      { ...base, maxTokens: 2048 },
      { ...base, teacher: { endpoint: teacher, k: 8, agreement: 0.5 } },
      { ...base, teacher: { endpoint: teacher, k: 8, agreement: 0.6 } },
      { ...base, teacher: { endpoint: { ...teacher, id: 4 }, k: 8, agreement: 0.5 } },
    ];
    const hashes = new Set([settingsHash(base), ...variants.map(settingsHash)]);
    expect(hashes.size).toBe(variants.length + 1);
  });
});
