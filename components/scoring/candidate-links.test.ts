import { describe, expect, it } from "vitest";
import { bandFilters, candidateFilterSchema } from "@/lib/candidates/queries";
import { candidatesHref } from "./candidate-links";

// The scoring views' links must only carry parameters the Candidates list accepts: it answers
// an unknown one with a 400 (strict schema), so a stray key would be a broken link.
const parse = (href: string) => candidateFilterSchema.safeParse(Object.fromEntries(new URL(href, "http://x").searchParams));

describe("candidatesHref", () => {
  it("builds band links that the list accepts", () => {
    for (const band of bandFilters) {
      const href = candidatesHref({ domain: "math" }, { band });
      expect(href).toBe(`/candidates?domain=math&band=${band}`);
      expect(parse(href).success).toBe(true);
    }
  });

  it("builds histogram-bar links for a run and a domain", () => {
    const run = candidatesHref({ run: 12 }, { passes: 3, k: 8 });
    expect(run).toBe("/candidates?run=12&passes=3&k=8");
    expect(parse(run).data).toMatchObject({ run: 12, passes: 3, k: 8 });
    expect(parse(candidatesHref({ domain: "code" }, { passes: 0, k: 8 })).data).toMatchObject({ domain: "code", passes: 0, k: 8 });
  });

  it("the schema would catch a stray key", () => {
    expect(parse("/candidates?domain=math&bin=3").success).toBe(false);
  });
});
