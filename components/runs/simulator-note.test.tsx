import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { SimulatorNote } from "./simulator-note";

describe("SimulatorNote", () => {
  it("says how many prompts a simulated model did not know when that is most of them", () => {
    const html = renderToStaticMarkup(<SimulatorNote guesses={{ unknown: 193, prompts: 195 }} />);
    expect(html).toContain("The simulated model did not know 193 of 195 prompts");
  });

  it("stays quiet for a real endpoint, a known pool or a few unknown prompts", () => {
    expect(renderToStaticMarkup(<SimulatorNote guesses={null} />)).toBe("");
    expect(renderToStaticMarkup(<SimulatorNote guesses={{ unknown: 0, prompts: 120 }} />)).toBe("");
    expect(renderToStaticMarkup(<SimulatorNote guesses={{ unknown: 5, prompts: 10 }} />)).toBe("");
  });
});
