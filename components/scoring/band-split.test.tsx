import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { BandSplit } from "./band-split";

describe("BandSplit (Overview)", () => {
  it("shows teachable / too easy / too hard / unverifiable counts and the teachable share once scored", () => {
    const html = renderToStaticMarkup(<BandSplit slug="math" split={{ teachable: 45, too_easy: 30, too_hard: 20, unverifiable: 5 }} />);
    expect(html).toContain("Bands of 100 scored");
    expect(html).toContain("45% teachable");
    for (const [band, text] of [["teachable", "45"], ["too_easy", "30"], ["too_hard", "20"], ["unverifiable", "5"]]) {
      expect(html).toMatch(new RegExp(`data-band="${band}".*?>${text}</span>`));
    }
    expect(html).toContain('href="/domains/math"');
  });

  it("shows nothing before anything is scored", () => {
    expect(renderToStaticMarkup(<BandSplit slug="math" split={undefined} />)).toBe("");
    expect(renderToStaticMarkup(<BandSplit slug="math" split={{ teachable: 0, too_easy: 0, too_hard: 0, unverifiable: 0 }} />)).toBe("");
  });
});
