import { systemActor } from "@/lib/audit";
import { beforeAll, describe, expect, it } from "vitest";
import { pool } from "@/lib/db/client";
import { createDomain } from "@/lib/domains";
import { updateDomain } from "@/lib/scoring/domain-update";
import { useMigratedDatabase } from "@/lib/testing/db";
import { nearDupCard, recluster, unflagPair } from ".";
import { nearDupPass } from "./run";
import { jaccard, shingleSet } from "./shingles";
import { basePrompt, edits, flags, insertBatch } from "./test-fixtures";

const lead = { id: null, email: "lead@test" };
let math: number;
let science: number;

beforeAll(async () => {
  await useMigratedDatabase();
  math = (await createDomain({ slug: "math", name: "Math" }, systemActor)).id;
  science = (await createDomain({ slug: "science", name: "Science" }, systemActor)).id;
});

const J = (x: string, y: string) => jaccard(shingleSet(x), shingleSet(y));

describe("near-duplicate pass", () => {
  it("finds planted near-copies at their exact Jaccard, against the pool already there (incremental)", async () => {
    const bases = Array.from({ length: 40 }, (_, i) => basePrompt(i));
    // The originals are imported first, with answers on some; then an import of edited copies.
    const first = await insertBatch(math, bases.map((prompt, i) => ({ prompt, answer: i % 2 ? String(i) : null })));
    const s1 = await nearDupPass({ batchId: first.batchId });
    expect(s1).toMatchObject({ hashed: 40, flagged: 0 });

    const kinds = Object.keys(edits) as (keyof typeof edits)[];
    const copies = bases.slice(0, 30).map((p, i) => ({ base: i, kind: kinds[i % kinds.length], prompt: edits[kinds[i % kinds.length]](p) }));
    const second = await insertBatch(math, copies.map((c) => ({ prompt: c.prompt })));
    const s2 = await nearDupPass({ batchId: second.batchId });
    expect(s2.hashed).toBe(30); // only the new import is hashed…
    const got = await flags(second.ids);
    for (const [k, c] of copies.entries()) {
      const sim = J(bases[c.base], c.prompt);
      const f = got.get(second.ids[k])!;
      // …and each copy is found against the earlier import, with its exact Jaccard. LSH finds a
      // pair at J ≥ 0.88 with probability 0.9995 (between 0.8 and 0.88 it may miss a few %:
      // bench:dedup measures that); below the threshold nothing is flagged.
      const label = `${c.kind} (J=${sim.toFixed(3)})`;
      if (sim >= 0.88) expect(f.of, label).toBe(first.ids[c.base]);
      if (f.of !== null) expect(f.sim, label).toBeCloseTo(sim, 6);
      if (sim < 0.8) expect(f.of, label).toBeNull();
    }
    // Every kind of edit but the rewrite is a near-copy, at J ≥ 0.88 on prompts this long.
    expect(copies.filter((c) => c.kind !== "rewritten").every((c) => J(bases[c.base], c.prompt) >= 0.88)).toBe(true);
    const found = copies.filter((c, k) => got.get(second.ids[k])!.of !== null).map((c) => c.kind);
    expect(new Set(found)).toEqual(new Set(["whitespace", "punctuation", "renumbered", "shuffled", "reworded"]));
    expect(copies.filter((c) => c.kind === "rewritten").every((c) => J(bases[c.base], c.prompt) < 0.5)).toBe(true);
    expect(s2.flagged).toBe(found.length);
    // Originals stay unflagged (the representative is the earlier import).
    expect([...(await flags(first.ids)).values()].every((f) => f.of === null)).toBe(true);
  });

  it("prefers the member with a reference answer as representative", async () => {
    const p = basePrompt(500);
    const { ids } = await insertBatch(math, [{ prompt: p }, { prompt: edits.whitespace(p), answer: "42" }]);
    await nearDupPass({ domainId: math });
    const f = await flags(ids);
    expect(f.get(ids[0])!.of).toBe(ids[1]);
    expect(f.get(ids[1])!.of).toBeNull();
    const card = await nearDupCard(ids[1]);
    expect(card.members.map((m) => m.id)).toEqual([ids[0]]);
    expect((await nearDupCard(ids[0])).representative?.id).toBe(ids[1]);
  });

  it("treats template-sharing prompts as the threshold says", async () => {
    const domain = (await createDomain({ slug: "templates", name: "Templates" }, systemActor)).id;
    const short = ["What is 3 + 4?", "What is 5 + 9?"];
    // One long template, two different problems: only the numbers differ.
    const long = (x: number) =>
      `A cyclist rides ${x} kilometres on Monday along the same flat road beside the river and then rests for exactly one hour. ` +
      "She drinks two bottles of water during every ride she takes and eats one apple when she stops to rest in the shade. " +
      "How many kilometres does she ride over the whole week if she repeats the same ride every single day from Monday to Sunday? " +
      "Give the answer in kilometres and show how you multiplied the distance by the number of days.";
    const { ids } = await insertBatch(domain, [...short, long(12), long(20)].map((prompt) => ({ prompt })));
    const templateJ = J(long(12), long(20));
    expect(templateJ).toBeGreaterThan(0.85);
    expect(templateJ).toBeLessThan(0.95);
    await nearDupPass({ domainId: domain });
    let f = await flags(ids);
    // At the default 0.8 the long pair is one cluster (the README says: raise the threshold for
    // templated pools); the short pair shares no 5-gram at all.
    expect(f.get(ids[3])).toEqual({ of: ids[2], sim: templateJ });
    expect(f.get(ids[1])!.of).toBeNull();
    // Above their similarity they are two problems again: re-clustered without hashing again.
    await updateDomain("templates", { dedupThreshold: 0.95 }, lead);
    await recluster(domain);
    f = await flags(ids);
    expect([...f.values()].every((x) => x.of === null)).toBe(true);
  });

  it("reports pairs across domains without flagging them", async () => {
    const p = basePrompt(700);
    const a = await insertBatch(math, [{ prompt: p }]);
    const b = await insertBatch(science, [{ prompt: edits.punctuation(p) }]);
    const s = await nearDupPass({ batchId: b.batchId });
    expect(s.crossDomain).toBe(1);
    expect((await flags(b.ids)).get(b.ids[0])!.of).toBeNull();
    const card = await nearDupCard(b.ids[0]);
    expect(card.pairs.find((x) => x.id === a.ids[0])).toMatchObject({ sameDomain: false, domain: "math", atThreshold: true });
  });

  it("keeps a lead's unflag on later passes, and audits it", async () => {
    const p = basePrompt(900);
    const { ids } = await insertBatch(math, [{ prompt: p, answer: "1" }, { prompt: edits.renumbered(p) }]);
    await nearDupPass({ domainId: math });
    expect((await flags(ids)).get(ids[1])!.of).toBe(ids[0]);

    await unflagPair({ a: ids[1], b: ids[0] }, lead);
    expect((await flags(ids)).get(ids[1])!.of).toBeNull();
    const { rows } = await pool().query("select actor_email, details from audit_event where action = 'dedup.neardup.unflag'");
    expect(rows).toMatchObject([{ actor_email: "lead@test", details: { a: ids[0], b: ids[1] } }]);

    // A later import with a third copy, and a full re-run of the domain: the pair stays apart,
    // while the new copy joins the original.
    const later = await insertBatch(math, [{ prompt: edits.whitespace(p) }]);
    await nearDupPass({ batchId: later.batchId });
    await nearDupPass({ domainId: math });
    const f = await flags([...ids, ...later.ids]);
    expect(f.get(later.ids[0])!.of).toBe(ids[0]);
    // ids[1] is still linked to the new copy (a pair nobody unflagged), so it rejoins through it;
    // its direct pair with the representative stays unflagged.
    const card = await nearDupCard(ids[1]);
    expect(card.pairs.find((x) => x.id === ids[0])).toMatchObject({ unflagged: true });
  });
});
