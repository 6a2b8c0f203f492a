import { describe, expect, it } from "vitest";
import { searchTerms, textConditions } from "./search";

describe("searchTerms", () => {
  it("splits words on any whitespace and keeps quoted phrases whole", () => {
    expect(searchTerms("Tom   apples")).toEqual(["Tom", "apples"]);
    expect(searchTerms(' "has 3 apples"  Tom ')).toEqual(["has 3 apples", "Tom"]);
    expect(searchTerms('"unclosed phrase')).toEqual(['"unclosed', "phrase"]);
  });

  it("drops empty phrases and repeats, and caps the number of terms", () => {
    expect(searchTerms('"" a a b')).toEqual(["a", "b"]);
    expect(searchTerms("1 2 3 4 5 6 7 8 9 10")).toHaveLength(8);
    expect(searchTerms("   ")).toEqual([]);
  });

  it("makes one escaped ILIKE per term", () => {
    const params: unknown[] = [];
    const sql = textConditions("c.prompt", "50% a_b", (v) => `$${params.push(v)}`);
    expect(sql).toEqual(["c.prompt ilike $1", "c.prompt ilike $2"]);
    expect(params).toEqual(["%50\\%%", "%a\\_b%"]);
  });
});
