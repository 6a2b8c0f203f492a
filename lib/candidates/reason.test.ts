import { describe, expect, it } from "vitest";
import { isSafeReason } from "./fixtures/hostile-pool";
import { MAX_REASON_CHARS, safeReason } from "./reason";

describe("safeReason", () => {
  it("leaves ordinary reasons, Unicode and emoji alone", () => {
    for (const r of ['missing "prompt"', 'unknown domain "mathé"', "emoji 😀 kept", "tab-free ünïcödé ∑"]) expect(safeReason(r)).toBe(r);
  });

  it("escapes NUL, C0/C1 controls, DEL and terminal escapes visibly", () => {
    expect(safeReason("a\u0000b")).toBe("a\\u0000b");
    expect(safeReason("\x1b[2J\x1b]0;pwned\x07")).toBe("\\u001b[2J\\u001b]0;pwned\\u0007");
    expect(safeReason("cr\rlf\ntab\tdel\x7fc1\x9b")).toBe("cr\\u000dlf\\u000atab\\u0009del\\u007fc1\\u009b");
  });

  it("escapes lone surrogates but keeps pairs; escapes bidi overrides and zero-width characters", () => {
    expect(safeReason("x\ud800y\udc00z")).toBe("x\\ud800y\\udc00z");
    expect(safeReason("\ud83d\ude00")).toBe("\ud83d\ude00");
    expect(safeReason("evil\u202etxt.exe\u200b\ufeff")).toBe("evil\\u202etxt.exe\\u200b\\ufeff");
  });

  it("caps the length without cutting an escape or a surrogate pair in half", () => {
    const long = safeReason("x".repeat(1000));
    expect(long).toHaveLength(MAX_REASON_CHARS);
    expect(long.endsWith("…")).toBe(true);
    for (let pad = 0; pad < 8; pad++) {
      for (const filler of ["\u0000", "😀"]) {
        const r = safeReason("y".repeat(MAX_REASON_CHARS - 10 + pad) + filler.repeat(20));
        expect(r.length).toBeLessThanOrEqual(MAX_REASON_CHARS);
        expect(isSafeReason(r)).toBe(true);
        expect(r.slice(0, -1)).toMatch(/^y+(\\u0000|😀)*$/u);
      }
    }
  });
});
