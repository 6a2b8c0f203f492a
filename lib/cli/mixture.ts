import type { MixtureView } from "@/lib/export";
import { mixtureInputSchema } from "@/lib/export/types";
import { commonOptions, numberFlag, parse, usageFromIssues, UsageError } from "./args";
import { act, localActor, output, query, table, targetFrom } from "./client";

// edgewise mixture create | list — the Mixtures page (POST/GET /api/mixtures). lib/export loads
// only on the database path.

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, {
    ...commonOptions,
    snapshot: { type: "string", multiple: true },
    weights: { type: "boolean" },
    seed: { type: "string" },
    limit: { type: "string" },
  });
  const [action, name, ...extra] = positionals;
  if (extra.length) throw new UsageError(`unexpected argument: ${extra[0]} (quote a NAME with spaces)`);
  const target = targetFrom(values);

  if (action === "create") {
    const mode = values.weights ? "weights" : "epochs";
    const entries = (values.snapshot ?? []).map((s) => entry(s, mode));
    const input = mixtureInputSchema.safeParse({ name, mode, entries, seed: numberFlag("seed", values.seed) });
    if (!input.success) throw usageFromIssues(input.error.issues, { name: "NAME", entries: "--snapshot", seed: "--seed" });
    const mix = await act<MixtureView>(target, { method: "POST", path: "/api/mixtures", body: input.data }, async () =>
      (await import("@/lib/export")).createMixture(localActor(), input.data),
    );
    output(values.json, mix, () =>
      [
        `Saved mixture "${mix.name}" v${mix.version} (#${mix.id}): ${mix.rows} rows, ~${mix.tokens} tokens (${mix.mode})`,
        ...mix.perDomain.map((d) => `  ${d.domain} v${d.snapshotVersion} (#${d.snapshotId}): ${d.rows} rows, ${(100 * d.share).toFixed(1)}%`),
      ].join("\n"),
    );
    return 0;
  }

  if (action === "list") {
    if (name) throw new UsageError(`unexpected argument: ${name}`);
    const q = { limit: numberFlag("limit", values.limit) };
    const { items } = await act<{ items: MixtureView[] }>(target, { path: `/api/mixtures${query(q)}` }, async () => (await import("@/lib/export")).listMixtures(q));
    output(values.json, items, () =>
      items.length
        ? table(["id", "name", "version", "mode", "rows", "domains"], items.map((m) => [m.id, m.name, m.version, m.mode, m.rows, m.perDomain.map((d) => d.domain).join(",")]))
        : 'No mixtures: save one with "edgewise mixture create NAME --snapshot ID --snapshot ID".',
    );
    return 0;
  }

  throw new UsageError(action ? `unknown action "${action}": create or list` : "give an action: create or list");
}

/** `--snapshot 3` or `3:2` — epochs (default 1) or, with --weights, the weight. */
function entry(s: string, mode: "epochs" | "weights"): { snapshotId: number; epochs?: number; weight?: number } {
  const m = /^(\d+)(?::([0-9.]+))?$/.exec(s.trim());
  if (!m) throw new UsageError(`--snapshot takes ID or ID:${mode === "epochs" ? "EPOCHS" : "WEIGHT"}, not "${s}"`);
  const n = m[2] === undefined ? undefined : Number(m[2]);
  if (mode === "weights") {
    if (n === undefined) throw new UsageError(`--weights: give every snapshot a weight (ID:WEIGHT), not "${s}"`);
    return { snapshotId: Number(m[1]), weight: n };
  }
  return { snapshotId: Number(m[1]), epochs: n ?? 1 };
}
