import type { QueryResultRow } from "pg";
import { pool } from "@/lib/db/client";
import { AppError } from "@/lib/errors";

// Text search is an ordered ILIKE walk (ADR 0003): a term that matches nothing reads every row
// in scope, seconds over a 1.4M pool. Unbounded, 20 such searches held every connection of the
// web's pool and both cores, and a plain list waited 3 s behind them (issue 8). So a text search
// runs in its own lane:
// - at most SEARCH_LANE_WIDTH of them at once per web process, leaving the rest of the pool and
//   the CPU to everything else; a search that cannot get a place within SEARCH_QUEUE_MS is told
//   to try again instead of queueing without bound;
// - each one under a statement timeout, so a walk that cannot finish in SEARCH_TIMEOUT_MS is
//   stopped by PostgreSQL and the user is told how to narrow it.

export const SEARCH_LANE_WIDTH = 2;
export const SEARCH_TIMEOUT_MS = 4_000;
const SEARCH_QUEUE_MS = 8_000;

export const SEARCH_TOO_BROAD =
  "This search took too long: its words match few prompts, so the whole pool had to be read. Add a domain, stage or import filter, or fewer words.";
const SEARCH_BUSY = "Too many searches are running right now; try again in a few seconds.";

let running = 0;
const waiting: (() => void)[] = [];

async function enterLane(): Promise<void> {
  if (running < SEARCH_LANE_WIDTH) {
    running++;
    return;
  }
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      const at = waiting.indexOf(go);
      if (at >= 0) waiting.splice(at, 1);
      reject(new AppError("unprocessable", SEARCH_BUSY));
    }, SEARCH_QUEUE_MS);
    const go = () => {
      clearTimeout(timer);
      running++;
      resolve();
    };
    waiting.push(go);
  });
}

function leaveLane(): void {
  running--;
  waiting.shift()?.();
}

/**
 * Run one read-only text-search statement in the lane, under a statement timeout
 * (`timeoutMs` only lowers it, for tests). A cancelled walk (57014) becomes a clear 422.
 */
export async function searchQuery<T extends QueryResultRow>(
  sql: string,
  params: unknown[],
  timeoutMs = SEARCH_TIMEOUT_MS,
): Promise<T[]> {
  await enterLane();
  try {
    const client = await pool().connect();
    try {
      await client.query("begin read only");
      // SET LOCAL ends with the transaction: the pooled connection keeps no timeout.
      await client.query(`set local statement_timeout = ${Math.max(1, Math.floor(timeoutMs))}`);
      const { rows } = await client.query<T>(sql, params);
      await client.query("commit");
      return rows;
    } catch (err) {
      await client.query("rollback").catch(() => {});
      if ((err as { code?: string }).code === "57014") throw new AppError("unprocessable", SEARCH_TOO_BROAD);
      throw err;
    } finally {
      client.release();
    }
  } finally {
    leaveLane();
  }
}

/** For tests and the load bench: how many searches hold a place and how many wait. */
export const searchLaneState = () => ({ running, waiting: waiting.length });
