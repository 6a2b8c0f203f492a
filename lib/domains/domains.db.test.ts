import { systemActor } from "@/lib/audit";
import { beforeAll, describe, expect, it } from "vitest";
import { useMigratedDatabase } from "@/lib/testing/db";
import { updateDomain } from "@/lib/scoring/domain-update";
import { createDomain, getDomainBySlug, listDomains } from "./index";

beforeAll(async () => {
  await useMigratedDatabase();
});

describe("domains", () => {
  it("creates with the methodology's defaults", async () => {
    const d = await createDomain({ slug: "math", name: "Math" }, systemActor);
    expect(d).toMatchObject({ answerKind: "math", bandLow: 0.1, bandHigh: 0.9, quota: 0, reviewersPerItem: 1 });
    expect((await listDomains()).map((x) => x.slug)).toContain("math");
  });

  it("rejects a duplicate slug with a conflict", async () => {
    await createDomain({ slug: "dup", name: "A" }, systemActor);
    await expect(createDomain({ slug: "dup", name: "B" }, systemActor)).rejects.toMatchObject({ code: "conflict" });
  });

  it("rejects a second domain with the same name (any case), on create and on rename", async () => {
    await createDomain({ slug: "physics", name: "Physics" }, systemActor);
    await expect(createDomain({ slug: "physics2", name: "physics " }, systemActor)).rejects.toMatchObject({ code: "conflict", message: expect.stringContaining('"physics" is already called "Physics"') });
    await createDomain({ slug: "chem", name: "Chemistry" }, systemActor);
    await expect(updateDomain("chem", { name: "PHYSICS" }, systemActor)).rejects.toMatchObject({ code: "conflict" });
    await expect(updateDomain("physics", { name: "Physics", quota: 5 }, systemActor)).resolves.toMatchObject({ quota: 5 }); // its own name is fine
  });

  it("rejects names that only look different (homoglyphs, zero-width, fullwidth) and hidden characters", async () => {
    await createDomain({ slug: "geo", name: "Geometry" }, systemActor);
    for (const lookalike of ["Gеometry" /* Cyrillic е */, "ＧＥＯＭＥＴＲＹ", "G\u0435\u043emetry"]) {
      await expect(createDomain({ slug: "geo2", name: lookalike }, systemActor)).rejects.toMatchObject({ code: "conflict", message: expect.stringContaining("looks the same") });
    }
    await createDomain({ slug: "stats", name: "Statistics" }, systemActor);
    await expect(updateDomain("stats", { name: "Geоmetry" /* Cyrillic о */ }, systemActor)).rejects.toMatchObject({ code: "conflict" });
    // A bidi override or zero-width character is refused outright, with the code point named.
    await expect(createDomain({ slug: "rtl", name: "Alg\u202Eebra" }, systemActor)).rejects.toThrow(/U\+202E/);
    await expect(createDomain({ slug: "zw", name: "Top\u2060ology" }, systemActor)).rejects.toThrow(/U\+2060/);
    await expect(createDomain({ slug: "geo3", name: "Geometry 2" }, systemActor)).resolves.toMatchObject({ slug: "geo3" });
  });

  it("rejects a band whose low is not below its high, also across a partial update", async () => {
    await expect(createDomain({ slug: "bad", name: "B", bandLow: 0.5, bandHigh: 0.5 }, systemActor)).rejects.toThrow();
    await createDomain({ slug: "science", name: "Science" }, systemActor);
    await expect(updateDomain("science", { bandLow: 0.95 }, systemActor)).rejects.toMatchObject({ code: "bad_request" });
  });

  it("renames and re-slugs", async () => {
    await createDomain({ slug: "code", name: "Code" }, systemActor);
    await updateDomain("code", { name: "Python code", slug: "python", quota: 500 }, systemActor);
    expect(await getDomainBySlug("python")).toMatchObject({ name: "Python code", quota: 500 });
    await expect(getDomainBySlug("code")).rejects.toMatchObject({ code: "not_found" });
  });

  it("keeps review guidelines as plain text; only a change moves their date; blank clears them", async () => {
    await createDomain({ slug: "guided", name: "Guided" }, systemActor);
    expect(await getDomainBySlug("guided")).toMatchObject({ reviewGuidelines: null, guidelinesUpdatedAt: null });
    const text = "\r\n\r\nAccept when the reference is right.\r\n  - Reject <b>ambiguous</b> prompts.\r\n\r\n";
    await updateDomain("guided", { reviewGuidelines: text }, systemActor);
    const first = await getDomainBySlug("guided");
    expect(first.reviewGuidelines).toBe("Accept when the reference is right.\n  - Reject <b>ambiguous</b> prompts.");
    expect(first.guidelinesUpdatedAt).toBeInstanceOf(Date);
    // Saving the review settings again with the same text is not a change reviewers are told of.
    await updateDomain("guided", { reviewGuidelines: text, quota: 3 }, systemActor);
    expect((await getDomainBySlug("guided")).guidelinesUpdatedAt).toEqual(first.guidelinesUpdatedAt);
    await expect(updateDomain("guided", { reviewGuidelines: "a\u0000b" }, systemActor)).rejects.toThrow(/NUL/);
    await expect(updateDomain("guided", { reviewGuidelines: "x".repeat(20_001) }, systemActor)).rejects.toThrow(/at most 20,000/);
    await updateDomain("guided", { reviewGuidelines: " \n\t " }, systemActor);
    const cleared = await getDomainBySlug("guided");
    expect(cleared.reviewGuidelines).toBeNull();
    expect(cleared.guidelinesUpdatedAt!.getTime()).toBeGreaterThanOrEqual(first.guidelinesUpdatedAt!.getTime());
  });
});
