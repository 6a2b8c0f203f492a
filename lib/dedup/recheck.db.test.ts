import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemActor } from "@/lib/audit";
import type { Principal } from "@/lib/auth/principal";
import { createUser } from "@/lib/auth/users";
import { pool } from "@/lib/db/client";
import { createDomain } from "@/lib/domains";
import { jobAlive } from "@/lib/jobs/enqueue";
import { stopBoss } from "@/lib/jobs/boss";
import { editCandidate } from "@/lib/review";
import { useMigratedDatabase } from "@/lib/testing/db";
import { decontaminate, listBenchmarks, runDecontamNow, setBenchmarkOverride, unflagPair } from ".";
import { recheckKey } from "./candidate-checks";
import { nearDupPass, recheckCandidates } from "./run";
import { basePrompt, edits, flags, insertBatch } from "./test-fixtures";

// A prompt edited after import is checked again (the `dedup.recheck` job the edit queues): its
// near-duplicate and contamination flags follow the new text, both ways, and a lead's recorded
// overrides (an unflagged pair, a benchmark override) stay.

// A GSM8K test item.
const JOSH =
  "Josh decides to try flipping a house.  He buys a house for $80,000 and then puts in $50,000 in repairs.  This increased the value of the house by 150%.  How much profit did he make?";
const CLEAN = "A farmer plants rows of beans and counts the sprouts each week; describe how you would estimate the harvest.";

let domainId: number;
let lead: Principal;
let ids: number[];

/** The lead edits the prompt; the edit queued the re-check, which the worker would run: run it here. */
async function editAndRecheck(candidateId: number, prompt: string) {
  await editCandidate(lead, { candidateId, prompt });
  expect(await jobAlive("dedup.recheck", recheckKey([candidateId]))).toBe(true);
  return (await recheckCandidates([candidateId]))!;
}

const contaminated = async (id: number) => (await pool().query("select contaminated from candidate where id = $1", [id])).rows[0].contaminated as boolean;
const bandRows = async (id: number) => (await pool().query("select count(*)::int as n from neardup_band where candidate_id = $1", [id])).rows[0].n as number;

beforeAll(async () => {
  await useMigratedDatabase();
  const u = await createUser(systemActor, { email: "lead@recheck.test", name: "Lead", role: "lead" });
  lead = { userId: u.id, email: u.email, name: "Lead", role: "lead", via: "session" };
  domainId = (await createDomain({ slug: "math", name: "Math" }, systemActor)).id;
  // base, then four distinct prompts the test edits.
  ({ ids } = await insertBatch(domainId, [1, 2, 3, 4, 5].map((i) => ({ prompt: basePrompt(i), answer: "1" }))));
  await nearDupPass({ domainId });
  await runDecontamNow(systemActor, "math");
});

afterAll(async () => {
  await stopBoss();
});

describe("an edited prompt is checked again", () => {
  it("edited into a benchmark copy it is flagged contaminated; edited away, the flag clears", async () => {
    const id = ids[1];
    expect(await contaminated(id)).toBe(false);
    const into = await editAndRecheck(id, `Homework, part 2. ${JOSH} Show your work.`);
    expect(into.decontam).toMatchObject([{ candidates: 1, hits: 1, contaminated: 1 }]);
    expect(await contaminated(id)).toBe(true);

    await editAndRecheck(id, CLEAN);
    expect(await contaminated(id)).toBe(false);
    expect((await pool().query("select count(*)::int as n from contamination_hit where candidate_id = $1", [id])).rows[0].n).toBe(0);
  });

  it("a domain's benchmark override keeps applying to the new text", async () => {
    const id = ids[2];
    const gsm = (await listBenchmarks()).find((b) => b.name === "GSM8K test")!;
    await setBenchmarkOverride(systemActor, "math", gsm.id, true);
    await editAndRecheck(id, `${JOSH} Answer in dollars.`);
    expect(await contaminated(id)).toBe(false); // hit stored, overridden
    expect((await pool().query("select count(*)::int as n from contamination_hit where candidate_id = $1", [id])).rows[0].n).toBe(1);
    await setBenchmarkOverride(systemActor, "math", gsm.id, false);
    expect(await contaminated(id)).toBe(true);
    await editAndRecheck(id, basePrompt(3));
    expect(await contaminated(id)).toBe(false);
  });

  it("edited into a near-copy it is flagged near-duplicate; edited away, the flag clears and the old bands are gone", async () => {
    const [base, id] = [ids[0], ids[3]];
    expect((await flags([id])).get(id)!.of).toBeNull();
    const into = await editAndRecheck(id, edits.renumbered(basePrompt(1)));
    expect(into.nearDup).toMatchObject({ hashed: 1, flagged: 1 });
    expect((await flags([id])).get(id)!.of).toBe(base);

    await editAndRecheck(id, `${CLEAN} Then say which week had the most sprouts.`);
    expect((await flags([id])).get(id)!.of).toBeNull();
    // Only the current text's rows: 20 bands, none left of the two earlier texts.
    expect(await bandRows(id)).toBe(20);
    const { rows } = await pool().query("select a, b from neardup_pair where a = $1 or b = $1", [id]);
    expect(rows).toEqual([]);
  });

  it("a domain check that read the old text does not undo the re-check of an edit made meanwhile", async () => {
    const { ids: [id] } = await insertBatch(domainId, [{ prompt: basePrompt(40) }]);
    const summary = await decontaminate(
      { domainId },
      { afterScan: async () => void (await editAndRecheck(id, `${JOSH} (from the web)`)) }, // the edit lands after the check's scan
    );
    expect(summary.candidates).toBeGreaterThan(1);
    expect(await contaminated(id)).toBe(true); // the re-check's verdict on the new text stands
  });

  it("a pair a lead unflagged stays unflagged when the prompt is edited again", async () => {
    const [base, id] = [ids[0], ids[4]];
    await editAndRecheck(id, edits.renumbered(basePrompt(1)));
    expect((await flags([id])).get(id)!.of).toBe(base);
    await unflagPair({ a: base, b: id }, systemActor);
    expect((await flags([id])).get(id)!.of).toBeNull();

    await editAndRecheck(id, edits.punctuation(basePrompt(1)));
    expect((await flags([id])).get(id)!.of).toBeNull();
    const { rows } = await pool().query<{ unflagged_at: Date | null; similarity: number }>("select unflagged_at, similarity from neardup_pair where a = $1 and b = $2", [base, id]);
    expect(rows[0].unflagged_at).not.toBeNull();
    expect(rows[0].similarity).toBe(1); // measured on the new text (punctuation only)
  });
});
