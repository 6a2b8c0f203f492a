import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { updateDomain } from "./domain-update";
import { useMigratedDatabase } from "@/lib/testing/db";
import { createRun, getRun } from "./runs";
import { closeConnections, createTestEndpoint, mathItems, seedDomain, testActor } from "./test-fixtures";

// A run keeps the band it was created under: the domain's band may move later (scores are
// re-triaged to it), and the run page shows both.

let target: number;

beforeAll(async () => {
  await useMigratedDatabase();
  target = (await createTestEndpoint("band-target", "http://127.0.0.1:9/v1")).id;
  await seedDomain("banded", mathItems(5, "band"));
});
afterAll(() => closeConnections());

describe("a run's band", () => {
  it("is the domain's at creation and stays when the domain's band moves", async () => {
    await updateDomain("banded", { bandLow: 0.2, bandHigh: 0.8 }, testActor);
    const run = await createRun({ domain: "banded", targetEndpointId: target, phase: "exploration", sampleSize: 3, k: 4, mode: "batch" }, testActor);
    expect(run).toMatchObject({ bandLow: 0.2, bandHigh: 0.8 });
    await updateDomain("banded", { bandLow: 0.3, bandHigh: 0.7 }, testActor);
    expect(await getRun(run.id)).toMatchObject({ bandLow: 0.2, bandHigh: 0.8 });
  });
});
