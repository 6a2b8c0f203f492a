import { systemActor } from "@/lib/audit";
import { beforeAll, describe, expect, it } from "vitest";
import { pool } from "@/lib/db/client";
import { createDomain } from "@/lib/domains";
import { AppError } from "@/lib/errors";
import { useMigratedDatabase } from "@/lib/testing/db";
import { listCandidates } from "./queries";
import { SEARCH_LANE_WIDTH, SEARCH_TOO_BROAD, searchLaneState } from "./search-lane";

// A pool big enough that a search matching nothing takes a measurable walk (every row read).
const ROWS = 200_000;

beforeAll(async () => {
  await useMigratedDatabase();
  const math = await createDomain({ slug: "math", name: "Math" }, systemActor);
  await pool().query(
    `insert into candidate (domain_id, prompt, prompt_hash)
     select $1, 'What is ' || i || ' plus ' || (i * 7) || '? Show your reasoning step by step before the answer.',
            sha256(i::text::bytea)
       from generate_series(1, ${ROWS}) i`,
    [math.id],
  );
  await pool().query("analyze candidate");
});

describe("text search lane", () => {
  it("a search that cannot finish in its time is stopped with a clear message, not left running", async () => {
    const err = await listCandidates({ q: "zebra-never-there" }, { searchTimeoutMs: 1 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).status).toBe(422);
    expect((err as AppError).message).toBe(SEARCH_TOO_BROAD);
    // The connection went back to the pool without the timeout (SET LOCAL): a slow plain
    // statement on it still runs.
    const { rows } = await pool().query("select pg_sleep(0.05), current_setting('statement_timeout') as t");
    expect(rows[0].t).toBe("0");
    // With the normal limit the same search answers: nothing matches.
    expect((await listCandidates({ q: "zebra-never-there" })).items).toEqual([]);
  });

  it("a matching search is unaffected by the lane", async () => {
    const page = await listCandidates({ q: "\"plus 7?\"", limit: 5 });
    expect(page.items.map((i) => i.preview)).toEqual(["What is 1 plus 7? Show your reasoning step by step before the answer."]);
  });

  it("many slow searches take at most the lane's width of connections; a plain list does not wait behind them", async () => {
    let widest = 0;
    const watch = setInterval(() => (widest = Math.max(widest, searchLaneState().running)), 1);
    const searches = Array.from({ length: 8 }, (_, i) => listCandidates({ q: `nothing-${i} here` }));
    await new Promise((r) => setTimeout(r, 5));
    const waitingBefore = searchLaneState().waiting;
    const plain = await listCandidates({ limit: 10 });
    const waitingAfter = searchLaneState().waiting;
    await Promise.all(searches);
    clearInterval(watch);
    expect(plain.items).toHaveLength(10);
    expect(waitingBefore).toBeGreaterThan(0);
    // The plain list came back while searches were still queued for the lane.
    expect(waitingAfter).toBeGreaterThan(0);
    expect(widest).toBeLessThanOrEqual(SEARCH_LANE_WIDTH);
    expect(searchLaneState()).toEqual({ running: 0, waiting: 0 });
  });
});
