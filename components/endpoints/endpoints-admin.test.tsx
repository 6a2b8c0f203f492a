import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { AppRouterContext, type AppRouterInstance } from "next/dist/shared/lib/app-router-context.shared-runtime";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { EndpointForm } from "./endpoint-form";
import { EndpointsAdmin } from "./endpoints-admin";
import type { EndpointRow } from "./types";

const router = { refresh() {}, push() {}, replace() {}, back() {}, forward() {}, prefetch() {} } as unknown as AppRouterInstance;
const render = (node: React.ReactNode) =>
  renderToStaticMarkup(
    <QueryClientProvider client={new QueryClient()}>
      <AppRouterContext.Provider value={router}>{node}</AppRouterContext.Provider>
    </QueryClientProvider>,
  );

const sim: EndpointRow = {
  id: 1, name: "Simulated model (demo)", baseUrl: "http://127.0.0.1:3090/v1", model: "sim-target", apiKeyEnv: null, hasStoredKey: true,
  roles: ["target", "judge"], maxConcurrent: 16, requestsPerMinute: 600, tokensPerMinute: null, priceInput: 0.5, priceOutput: 1.5, simulated: true,
  samplesPerRequest: "auto", tokenParam: "auto", temperatureMode: "auto", thinkOpen: "<think>", thinkClose: "</think>", learned: [],
  protocol: { samplesPerRequest: "auto", tokenParam: "auto", temperatureMode: "auto", thinkOpen: "<think>", thinkClose: "</think>", learned: {} },
};

describe("endpoints admin", () => {
  it("labels simulated endpoints and shows only that a key is stored", () => {
    const html = render(<EndpointsAdmin endpoints={[sim, { ...sim, id: 2, name: "Real", simulated: false, hasStoredKey: false, apiKeyEnv: "OPENAI_API_KEY" }]} />);
    expect(html.match(/>simulated</g)).toHaveLength(1);
    expect(html).toContain("stored (encrypted)");
    expect(html).toContain("$OPENAI_API_KEY");
    expect(html.match(/Test connection/g)).toHaveLength(2);
    expect(html).toContain("600 req/min");
  });

  it("edits without ever filling in the key", () => {
    const html = render(<EndpointForm endpoint={sim} onDone={() => {}} />);
    expect(html).toContain('type="password"');
    expect(html).toContain("A key is stored; leave empty to keep it");
    expect(html).not.toMatch(/type="password"[^>]*value=/);
  });
});
