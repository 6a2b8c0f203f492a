import type { SnapshotDiff, SnapshotView } from "@/lib/export";
import { freezeSchema } from "@/lib/export/types";
import { commonOptions, idArg, numberFlag, parse, usageFromIssues, UsageError } from "./args";
import { act, localActor, localReader, output, query, table, targetFrom } from "./client";

// edgewise snapshot create | list | diff — the domain page's Snapshots card (POST/GET
// /api/snapshots, GET /api/snapshots/<id>/diff). lib/export loads only on the database path.

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, {
    ...commonOptions,
    note: { type: "string" },
    domain: { type: "string" },
    kind: { type: "string" },
    limit: { type: "string" },
  });
  const [action, a, b, ...extra] = positionals;
  if (extra.length) throw new UsageError(`unexpected argument: ${extra[0]}`);
  const target = targetFrom(values);

  if (action === "create") {
    if (b) throw new UsageError(`unexpected argument: ${b}`);
    const input = freezeSchema.safeParse({ domain: a, note: values.note });
    if (!input.success) throw usageFromIssues(input.error.issues, { domain: "DOMAIN", note: "--note" });
    const snap = await act<SnapshotView>(target, { method: "POST", path: "/api/snapshots", body: input.data }, async () => {
      const { freezeSnapshot, getSnapshot } = await import("@/lib/export");
      const { id } = await freezeSnapshot(localActor(), input.data.domain, input.data.note);
      return getSnapshot(null, id);
    });
    output(values.json, snap, () => `Froze ${snap.domain} snapshot v${snap.version} (#${snap.id}): ${snap.itemCount} items, ~${snap.tokenEstimate} tokens, sha256 ${snap.contentHash}`);
    return 0;
  }

  if (action === "list") {
    if (a) throw new UsageError(`unexpected argument: ${a}`);
    const q = { domain: values.domain, limit: numberFlag("limit", values.limit) };
    const { items } = await act<{ items: SnapshotView[] }>(target, { path: `/api/snapshots${query(q)}` }, async () => (await import("@/lib/export")).listSnapshots(localReader(), q));
    output(values.json, items, () =>
      items.length
        ? table(["id", "domain", "version", "items", "created", "note"], items.map((s) => [s.id, s.domain, s.version, s.itemCount, String(s.createdAt).slice(0, 16), s.note]))
        : 'No snapshots: freeze one with "edgewise snapshot create DOMAIN" once items are accepted.',
    );
    return 0;
  }

  if (action === "diff") {
    const from = idArg("OLD_ID", a);
    const to = idArg("NEW_ID", b);
    const kinds = ["added", "removed", "changed"];
    if (values.kind && !kinds.includes(values.kind)) throw new UsageError(`--kind must be one of ${kinds.join(", ")}`);
    const q = { against: from, kind: values.kind, limit: numberFlag("limit", values.limit) };
    const diff = await act<SnapshotDiff>(target, { path: `/api/snapshots/${to}/diff${query(q)}` }, async () =>
      (await import("@/lib/export")).diffSnapshots(localReader(), from, to, q as { kind?: "added" | "removed" | "changed"; limit?: number }),
    );
    output(values.json, diff, () => {
      const c = diff.counts;
      const head = `snapshot #${from} (v${diff.from.version}) → #${to} (v${diff.to.version}): ${c.added} added, ${c.removed} removed, ${c.changed} changed, ${c.same} same`;
      const lines = diff.items.map((i) => `  ${i.kind.padEnd(7)} #${i.candidateId}  ${i.prompt.replace(/\s+/g, " ").slice(0, 80)}`);
      return [head, ...lines, ...(diff.nextCursor ? ["  … more with --json and a larger --limit (at most 200), or the snapshot's page"] : [])].join("\n");
    });
    return 0;
  }

  throw new UsageError(action ? `unknown action "${action}": create, list or diff` : "give an action: create, list or diff");
}
