import { beforeAll, describe, expect, it } from "vitest";
import { PUT as binTargetsRoute } from "@/app/api/domains/[slug]/bin-targets/route";
import { GET as previewRoute } from "@/app/api/stats/domains/[slug]/band-preview/route";
import { GET as chartsRoute } from "@/app/api/stats/domains/[slug]/route";
import { GET as overviewRoute } from "@/app/api/stats/overview/route";
import { GET as reviewersRoute } from "@/app/api/stats/reviewers/route";
import { systemActor } from "@/lib/audit";
import { pool } from "@/lib/db/client";
import { updateDomain } from "@/lib/scoring/domain-update";
import { setAssignments } from "@/lib/review";
import { domainBandCounts } from "@/lib/scoring/queries";
import { useMigratedDatabase } from "@/lib/testing/db";
import { tokenUsers } from "@/lib/testing/route-calls";
import { bandPreview, binCoverage, domainOverview, queueDepth, recentChanges, reviewerThroughput, setBinTargets, statusHistogram } from "./index";
import { makeRun, seedDashboardDomain } from "./test-fixtures";

// Every dashboard aggregate on a small domain whose numbers are known by construction
// (test-fixtures.ts), through the lib functions and the routes (scoping and roles included).

const api = tokenUsers("example.com");
const people = api.users;
const call = api.call;
let A: Awaited<ReturnType<typeof seedDashboardDomain>>;
let B: Awaited<ReturnType<typeof seedDashboardDomain>>;

beforeAll(async () => {
  await useMigratedDatabase();
  await api.add("lead", "lead");
  await api.add("ann", "reviewer");
  await api.add("bob", "reviewer");
  A = await seedDashboardDomain("alpha", [people.ann.id, people.bob.id]);
  B = await seedDashboardDomain("beta", [people.bob.id, people.ann.id]);
  await setAssignments(systemActor, "alpha", [people.ann.id]);
  await pool().query("insert into import_batch (domain_id, file_name, format, created_by, inserted, status) values ($1, 'a.jsonl', 'generic', 'x', 25, 'done')", [A.domainId]);
}, 60_000);

describe("overview", () => {
  it("counts pool, scored, bands, reviewed, accepted and the day's decisions per domain", async () => {
    const { domains, funnel } = await domainOverview(null);
    const a = domains.find((d) => d.slug === "alpha")!;
    expect(a).toMatchObject({ pool: 25, scored: 22, reviewed: 3, accepted: 2, decisions24h: 6 });
    expect(a.bands).toEqual({ too_easy: 2, teachable: 16, too_hard: 2, unverifiable: 2 });
    expect(funnel).toEqual({ imported: 50, scored: 44, teachable: 32, reviewed: 6, accepted: 4 });
  });

  it("what changed in 24 h: imports, rows, finished runs, decisions", async () => {
    const a = (await recentChanges(null)).find((d) => d.slug === "alpha")!;
    expect(a).toMatchObject({ imports: 1, imported: 25, runsFinished: 1, decisions: 6, snapshots: 0 });
  });

  it("a reviewer's overview holds their domains only; a lead's every domain", async () => {
    const ann = await call(overviewRoute, "ann");
    expect(ann.status).toBe(200);
    expect(ann.json.domains.map((d: { slug: string }) => d.slug)).toEqual(["alpha"]);
    expect(ann.json.changes.map((d: { slug: string }) => d.slug)).toEqual(["alpha"]);
    expect(ann.json.funnel.imported).toBe(25);
    const lead = await call(overviewRoute, "lead");
    expect(lead.json.domains.map((d: { slug: string }) => d.slug)).toEqual(["alpha", "beta"]);
  });
});

describe("domain histogram", () => {
  it("bins at the one k, stacked by review status", async () => {
    const h = await statusHistogram(A.domainId);
    expect(h.k).toBe(8);
    expect(h.bins.map((b) => b.total)).toEqual([2, 3, 3, 2, 2, 2, 2, 2, 2]);
    expect(h.bins[1].byStatus).toEqual({ none: 2, open: 0, adjudication: 0, accepted: 1, rejected: 0 });
    expect(h.bins[2].byStatus.accepted).toBe(1);
    expect(h.bins[3].byStatus).toEqual({ none: 1, open: 0, adjudication: 0, accepted: 0, rejected: 1 });
    expect(h.bins[4].byStatus.open).toBe(1);
    expect(h.bins[5].byStatus.adjudication).toBe(1);
    expect(h.unverifiable).toBe(2);
    expect([h.bandLow, h.bandHigh]).toEqual([0.1, 0.9]);
  });

  it("never mixes k: runs at two k give ten pass-rate bins and say which k", async () => {
    const other = await seedDashboardDomain("gamma", [people.ann.id, people.bob.id]);
    await makeRun(other.domainId, 4);
    const h = await statusHistogram(other.domainId);
    expect(h.k).toBeNull();
    expect(h.ks).toEqual([4, 8]);
    expect(h.bins).toHaveLength(10);
    // 1/8 = 0.125 → 0.1–0.2; 8/8 → the last bin; 4/8 → 0.5–0.6.
    expect(h.bins[1].total).toBe(3);
    expect(h.bins[9].total).toBe(2);
    expect(h.bins[5].total).toBe(2);
    expect(h.bins.reduce((s, b) => s + b.total, 0)).toBe(20);
  });

  it("the route: a reviewer reads an assigned domain, another domain is a 403", async () => {
    expect((await call(chartsRoute, "ann", { params: { slug: "alpha" } })).status).toBe(200);
    expect((await call(chartsRoute, "ann", { params: { slug: "beta" } })).status).toBe(403);
  });
});

describe("band preview", () => {
  it("counts proposed edges, and equals what re-triage produces once saved", async () => {
    const preview = await bandPreview(B.domainId, 0.3, 0.7);
    expect(preview).toEqual({ teachable: 6, too_hard: 8, too_easy: 6, unverifiable: 2 });
    const before = await domainBandCounts(B.domainId);
    expect(before.teachable).toBe(16); // nothing written by the preview
    await updateDomain("beta", { bandLow: 0.3, bandHigh: 0.7 }, systemActor);
    const after = await domainBandCounts(B.domainId);
    expect({ teachable: after.teachable, too_hard: after.too_hard, too_easy: after.too_easy, unverifiable: after.unverifiable }).toEqual(preview);
  });

  it("the route: leads only; low must be below high", async () => {
    const ok = await call(previewRoute, "lead", { params: { slug: "alpha" }, path: "x?low=0.2&high=0.8" });
    expect(ok.status).toBe(200);
    expect(ok.json.teachable).toBe(11); // 2..6 of 8
    expect((await call(previewRoute, "ann", { params: { slug: "alpha" }, path: "x?low=0.2&high=0.8" })).status).toBe(403);
    expect((await call(previewRoute, "lead", { params: { slug: "alpha" }, path: "x?low=0.8&high=0.2" })).status).toBe(400);
  });
});

describe("coverage per bin", () => {
  it("counts accepted items in each target range", async () => {
    await setBinTargets(systemActor, "alpha", { targets: [{ low: 1 / 8, high: 3 / 8, target: 10, label: "1–3 of 8" }, { low: 0.5, high: 1, target: 5 }] });
    const c = await binCoverage(A.domainId);
    expect(c.accepted).toBe(2);
    expect(c.bins).toEqual([
      { low: 0.125, high: 0.375, target: 10, label: "1–3 of 8", accepted: 2 },
      { low: 0.5, high: 1, target: 5, accepted: 0 },
    ]);
  });

  it("the route: leads set targets, reviewers may not, a bad range is a 400", async () => {
    const ok = await call(binTargetsRoute, "lead", { params: { slug: "alpha" }, method: "PUT", body: { targets: [{ low: 0, high: 0.25, target: 3 }] } });
    expect(ok.status).toBe(200);
    expect((await binCoverage(A.domainId)).bins).toEqual([{ low: 0, high: 0.25, target: 3, accepted: 2 }]);
    expect((await call(binTargetsRoute, "ann", { params: { slug: "alpha" }, method: "PUT", body: { targets: [] } })).status).toBe(403);
    expect((await call(binTargetsRoute, "lead", { params: { slug: "alpha" }, method: "PUT", body: { targets: [{ low: 0.5, high: 0.2, target: 1 }] } })).status).toBe(400);
    expect((await call(binTargetsRoute, "lead", { params: { slug: "alpha" }, method: "PUT", body: { targets: [{ low: 0, high: 1, target: 1, extra: 1 }] } })).status).toBe(400);
  });
});

describe("reviewers", () => {
  it("throughput per reviewer per day leaves out undone and gold decisions", async () => {
    const rows = await reviewerThroughput([A.domainId], 14);
    const today = new Date().toISOString().slice(0, 10);
    const todays = rows.filter((r) => r.day === today);
    expect(todays.map((r) => [r.reviewer, r.decisions])).toEqual([["ann@example.com", 4], ["bob@example.com", 2]]);
    expect(rows.filter((r) => r.day !== today).map((r) => [r.reviewer, r.decisions])).toEqual([["ann@example.com", 1]]);
    expect(await reviewerThroughput([A.domainId], 1)).toHaveLength(2);
  });

  it("queue depth: teachable not final, in progress, awaiting adjudication", async () => {
    const [a] = await queueDepth([A.domainId]);
    expect(a).toMatchObject({ slug: "alpha", waiting: 13, inProgress: 1, awaitingAdjudication: 1 });
  });

  it("the route: leads only, with agreement per domain", async () => {
    const lead = await call(reviewersRoute, "lead");
    expect(lead.status).toBe(200);
    expect(lead.json.agreement.map((x: { slug: string }) => x.slug)).toContain("alpha");
    expect(lead.json.agreement[0].report.domain).toHaveProperty("kappa");
    expect((await call(reviewersRoute, "ann")).status).toBe(403);
  });
});
