import { describe, expect, it } from "vitest";
import { consensus } from "./consensus";

describe("consensus", () => {
  it("one reviewer per item: the first decision is final", () => {
    expect(consensus("majority", 1, ["reject"])).toEqual({ state: "final", outcome: "reject" });
    expect(consensus("unanimous", 1, ["accept"])).toEqual({ state: "final", outcome: "accept" });
  });
  it("majority of 2: agreement is final, a split goes to a lead", () => {
    expect(consensus("majority", 2, ["accept"])).toEqual({ state: "open" });
    expect(consensus("majority", 2, ["accept", "accept"])).toEqual({ state: "final", outcome: "accept" });
    expect(consensus("majority", 2, ["accept", "reject"])).toEqual({ state: "adjudication" });
  });
  it("majority of 3 is final after two agreeing, without waiting for the third", () => {
    expect(consensus("majority", 3, ["reject", "reject"])).toEqual({ state: "final", outcome: "reject" });
    expect(consensus("majority", 3, ["reject", "accept"])).toEqual({ state: "open" });
    expect(consensus("majority", 3, ["reject", "accept", "accept"])).toEqual({ state: "final", outcome: "accept" });
  });
  it("unanimous: any disagreement goes to a lead at once", () => {
    expect(consensus("unanimous", 3, ["accept", "accept"])).toEqual({ state: "open" });
    expect(consensus("unanimous", 3, ["accept", "reject"])).toEqual({ state: "adjudication" });
    expect(consensus("unanimous", 3, ["accept", "accept", "accept"])).toEqual({ state: "final", outcome: "accept" });
  });
});
