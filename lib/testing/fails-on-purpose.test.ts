import { expect, it } from "vitest";

// The fixture of exit-code.test.ts: fails only when that test runs it (skipped otherwise).
it.runIf(process.env.EDGEWISE_FAIL_ON_PURPOSE === "1")("fails on purpose", () => {
  expect(1).toBe(2);
});
