import { describe, expect, it } from "vitest";
import { nameProblem, nameSkeleton, neutraliseFileName } from "./names";

describe("nameSkeleton", () => {
  it.each([
    ["Math", "math"], // case
    ["Mаth", "Math"], // Cyrillic а
    ["МАТН", "math"], // all Cyrillic capitals
    ["Ѕcience", "Science"], // Cyrillic Ѕ
    ["Science", "Sсiеnсе"], // Cyrillic с, е
    ["ΑΒΕ", "abe"], // Greek capitals
    ["Ma\u200Bth", "Math"], // zero-width space
    ["Ma\u2060th", "Math"], // word joiner
    ["\uFEFFMath", "Math"], // BOM
    ["Ma\u202Eth", "Math"], // bidi override
    ["Ｍａｔｈ", "Math"], // fullwidth (NFKC)
    ["𝐌𝐚𝐭𝐡", "Math"], // mathematical bold (NFKC)
    ["modern", "modem"], // rn ↔ m
    ["  Math   hard ", "Math hard"], // spaces
  ])("%j looks like %j", (a, b) => expect(nameSkeleton(a)).toBe(nameSkeleton(b)));

  it("tells different names apart", () => {
    expect(nameSkeleton("Math")).not.toBe(nameSkeleton("Maths"));
    expect(nameSkeleton("Физика")).not.toBe(nameSkeleton("Fizika"));
    expect(nameSkeleton("Code")).not.toBe(nameSkeleton("Cade"));
  });

  it("maps digit lookalikes after case folding", () => {
    expect(nameSkeleton("C0de")).toBe(nameSkeleton("Code"));
    expect(nameSkeleton("1ogic")).toBe(nameSkeleton("logic"));
  });
});

describe("nameProblem", () => {
  it.each([
    ["Eve\u202Enimda", "U+202E"],
    ["a\u2066b", "U+2066"],
    ["a\u2069b", "U+2069"],
    ["a\u202Ab", "U+202A"],
    ["a\u200Bb", "U+200B"],
    ["a\u200Db", "U+200D"],
    ["a\uFEFFb", "U+FEFF"],
    ["a\u2060b", "U+2060"],
    ["a\u0007b", "U+0007"],
  ])("refuses %j naming %s", (name, cp) => expect(nameProblem(name)).toContain(cp));

  it.each(["Ada Lovelace", "Zoë", "Δημήτρης", "Владимир", "李小龙", "O'Brien-Smith"])("accepts %j", (name) =>
    expect(nameProblem(name)).toBeNull(),
  );
});

describe("neutraliseFileName", () => {
  it("removes direction controls and invisibles so the name reads as it is", () => {
    expect(neutraliseFileName("invoice\u202Egpj.exe")).toBe("invoicegpj.exe");
    expect(neutraliseFileName("a\u2066b\u2069.jsonl")).toBe("ab.jsonl");
    expect(neutraliseFileName("po\u200Bol.jsonl")).toBe("pool.jsonl");
    expect(neutraliseFileName("pool\n.jsonl")).toBe("pool.jsonl");
    expect(neutraliseFileName("pool.jsonl")).toBe("pool.jsonl");
    expect(neutraliseFileName("\u202E\u200B")).toBe("upload");
  });
});
