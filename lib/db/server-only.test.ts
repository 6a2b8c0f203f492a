import { afterEach, describe, expect, it, vi } from "vitest";
import { assertServerSide } from "./server-only";

describe("lib/db's server-only guard", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("is silent in a server process (here: Node, as the worker and CLI run)", () => {
    expect(() => assertServerSide()).not.toThrow();
  });

  it("stops a browser bundle, saying what to do", () => {
    vi.stubGlobal("window", {});
    expect(() => assertServerSide()).toThrow(/lib\/db runs on the server only: a client component imports it/);
  });

  it("guards lib/db/client itself: loading it in a browser throws", async () => {
    vi.resetModules();
    vi.stubGlobal("window", {});
    vi.stubGlobal("document", {});
    await expect(import("./client")).rejects.toThrow(/runs on the server only/);
  });
});
