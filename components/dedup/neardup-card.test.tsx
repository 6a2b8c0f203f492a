import { AppRouterContext, type AppRouterInstance } from "next/dist/shared/lib/app-router-context.shared-runtime";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { NearDupCard } from "./neardup-card";

const pair = (id: number, over: Partial<{ lineage: boolean; sameDomain: boolean; unflagged: boolean }> = {}) => ({
  id, similarity: 0.93, domain: "math", preview: `prompt ${id}`, sameDomain: true, unflagged: false, atThreshold: true, lineage: false, ...over,
});

const router = { refresh() {}, push() {}, replace() {}, back() {}, forward() {}, prefetch() {} } as unknown as AppRouterInstance;

describe("NearDupCard", () => {
  it("shows a pair of one transform lineage as not flagged, with no unflag button; a plain pair keeps its button", () => {
    const html = renderToStaticMarkup(
      <AppRouterContext.Provider value={router}>
        <NearDupCard candidateId={1} canUnflag card={{ threshold: 0.8, representative: null, members: [], pairs: [pair(2, { lineage: true }), pair(3)] }} />
      </AppRouterContext.Provider>,
    );
    expect(html).toContain("same transform lineage · not flagged");
    expect(html.match(/<button/g)).toHaveLength(1);
    const [lineageRow, plainRow] = html.split("<li").slice(1);
    expect(lineageRow).toContain("#2");
    expect(lineageRow).not.toContain("Not a duplicate");
    expect(plainRow).toContain("#3");
    expect(plainRow).toContain("Not a duplicate");
  });
});
