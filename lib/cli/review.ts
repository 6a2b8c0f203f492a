import type { Principal } from "@/lib/auth/principal";
import type { Claimed, ItemState, QueueStats } from "@/lib/review";
import { claimSchema, decisionSchema } from "@/lib/review/schema";
import { commonOptions, idArg, parse, usageFromIssues, UsageError } from "./args";
import { act, localReader, output, targetFrom } from "./client";

// edgewise review stats | claim | decide — the review queue for scripts (GET /api/review/stats,
// POST /api/review/claim, POST /api/review/decisions). A person reviews: through a server the
// token's owner, on the database directly the user named by --as. Scripts call these in a loop:
// the lib (and with it Prisma and pg) loads only on the database path, not through a server.

/** `claim` on an empty queue: a script's loop condition, not a failure. */
export const EMPTY_QUEUE = 3;

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, {
    ...commonOptions,
    band: { type: "string" },
    reason: { type: "string" },
    note: { type: "string" },
    response: { type: "string" },
    as: { type: "string" },
  });
  const [action, arg, decision, ...extra] = positionals;
  if (extra.length) throw new UsageError(`unexpected argument: ${extra[0]}`);
  const target = targetFrom(values);
  if (target.remote && values.as) throw new UsageError("--as is for the database directly; through a server the token's owner reviews");
  const reviewer = async (): Promise<Principal> => {
    if (!values.as) throw new UsageError("review acts as a person: give --as EMAIL (or use a token)");
    return userByEmail(values.as);
  };

  if (action === "stats" || action === "claim") {
    if (decision) throw new UsageError(`unexpected argument: ${decision}`);
    const input = claimSchema.safeParse({ domain: arg, band: values.band });
    if (!input.success) throw usageFromIssues(input.error.issues, { domain: "DOMAIN", band: "--band" });
    const { domain, band } = input.data;
    if (action === "stats") {
      const stats = await act<QueueStats>(target, { path: `/api/review/stats?domain=${encodeURIComponent(domain)}&band=${band}` }, async () => {
        const { checkBand, queueStats, reviewDomain } = await import("@/lib/review");
        const who = values.as ? await reviewer() : localReader();
        checkBand(who, band);
        return queueStats(who.userId, (await reviewDomain(who, domain)).id, band);
      });
      output(values.json, stats, () =>
        `${domain} (${band}): ${stats.remaining} to review, ${stats.accepted} accepted, ${stats.rejected} rejected, ` +
        `${stats.awaitingAdjudication} awaiting adjudication, ${stats.myDecisionsToday} decided by you today`,
      );
      return 0;
    }
    const claimed = await act<{ item: Claimed } | null>(target, { method: "POST", path: "/api/review/claim", body: { domain, band } }, async () => {
      const { checkBand, claimNext, reviewDomain } = await import("@/lib/review");
      const who = await reviewer();
      checkBand(who, band);
      const item = await claimNext(who.userId, (await reviewDomain(who, domain)).id, band);
      return item ? { item } : null;
    });
    if (!claimed) {
      if (!values.json) console.error(`edgewise review: the ${domain} ${band} queue is empty for you`);
      return EMPTY_QUEUE;
    }
    output(values.json, claimed.item, () => `${claimed.item.candidateId}`);
    return 0;
  }

  if (action === "decide") {
    const body = { candidateId: idArg("the CANDIDATE_ID", arg), decision, reason: values.reason, note: values.note, responseId: values.response };
    const input = decisionSchema.safeParse(body);
    if (!input.success) throw usageFromIssues(input.error.issues, { decision: "accept|reject|skip", reason: "--reason", note: "--note", responseId: "--response" });
    const state = await act<ItemState>(target, { method: "POST", path: "/api/review/decisions", body }, async () => {
      const { decide } = await import("@/lib/review");
      const who = await reviewer();
      return decide({ id: who.userId, email: who.email }, input.data);
    });
    output(values.json, state, () => `candidate #${state.candidateId}: ${decision} recorded; ${state.final ? `final: ${state.outcome}` : `${state.decisions} of ${state.needed} decisions`}`);
    return 0;
  }

  throw new UsageError(action ? `unknown action "${action}": stats, claim or decide` : "give an action: stats, claim or decide");
}

async function userByEmail(email: string): Promise<Principal> {
  const { listUsers } = await import("@/lib/auth/users");
  const user = (await listUsers()).find((u) => u.email.toLowerCase() === email.trim().toLowerCase());
  if (!user) throw new Error(`no user ${email} (--as takes the email of an existing user)`);
  if (!user.active) throw new Error(`${email} is deactivated`);
  return { userId: user.id, email: user.email, name: user.name, role: user.role as Principal["role"], via: "token" };
}
