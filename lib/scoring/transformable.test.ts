import { describe, expect, it } from "vitest";
import { transformability } from "./transformable";

describe("transformability", () => {
  it("offers a rewrite for unverifiable, too hard and proof-style candidates", () => {
    expect(transformability({ band: "unverifiable", answerKind: "math", variantIds: [] })).toEqual({ ok: true });
    expect(transformability({ band: "too_hard", answerKind: "math", variantIds: [] })).toEqual({ ok: true });
    expect(transformability({ band: null, answerKind: "none", variantIds: [] })).toEqual({ ok: true });
    expect(transformability({ band: "teachable", answerKind: "none", variantIds: [] })).toEqual({ ok: true });
  });
  it("not for teachable, too easy or unscored checkable candidates", () => {
    for (const band of ["teachable", "too_easy", null] as const) {
      expect(transformability({ band, answerKind: "math", variantIds: [] })).toMatchObject({ ok: false, kind: "not_applicable" });
    }
  });
  it("not twice: an existing variant is named instead", () => {
    expect(transformability({ band: "unverifiable", answerKind: "none", variantIds: [41, 57] })).toEqual({
      ok: false, kind: "variant_exists", variantId: 41, reason: "variant #41 exists",
    });
  });
});
