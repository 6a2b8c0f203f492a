import Link from "next/link";
import { cache } from "react";
import { requireDomainReader } from "@/lib/auth/page";
import { atLeast } from "@/lib/auth/roles";
import { getSnapshot, listSnapshots } from "@/lib/export";
import { listEndpoints } from "@/lib/models/endpoints";
import { DriftPanel } from "@/components/export/drift-panel";
import { SnapshotDiffCard } from "@/components/export/snapshot-diff";
import { SnapshotItems } from "@/components/export/snapshot-items";
import { idParam, orNotFound } from "@/components/page-data";
import { BandBadge } from "@/components/scoring/band";
import { Card, CardHeader, PageHeader } from "@/components/ui/card";
import { Facts } from "@/components/ui/facts";
import { compact, n } from "@/components/format";

type Props = { params: Promise<{ id: string }> };

// Read without a principal first (the 404), then the domain check gives the 403 page.
const load = cache(async (raw: string) => orNotFound(getSnapshot(null, idParam(raw))));

export async function generateMetadata({ params }: Props) {
  const s = await load((await params).id);
  return { title: `${s.domainName} snapshot v${s.version}` };
}

const when = (d: Date) => d.toISOString().replace("T", " ").slice(0, 19) + " UTC";

export default async function SnapshotPage({ params }: Props) {
  const s = await load((await params).id);
  const user = await requireDomainReader(s.domainId);
  const canLead = atLeast(user.role, "lead");
  const [versions, endpoints] = await Promise.all([
    listSnapshots(user, { domain: s.domain, limit: 200 }),
    canLead ? listEndpoints({ role: "target" }) : [],
  ]);
  const bySource = s.counts.bySource;
  return (
    <>
      <PageHeader
        title={<>{s.domainName} · snapshot v{s.version}</>}
        description={s.note ?? "Frozen accepted set: later edits to candidates never change it."}
        action={<Link href={`/domains/${s.domain}`} className="text-sm font-medium text-accent-700 hover:underline">← {s.domainName}</Link>}
      />
      <div className="grid gap-4 lg:grid-cols-3">
        <Card>
          <CardHeader title="Frozen" />
          <Facts
            items={[
              ["Items", n(s.itemCount)],
              ["Tokens (≈ chars / 4)", compact(s.tokenEstimate)],
              ["Frozen", when(new Date(s.createdAt))],
              ["By", s.createdBy],
              ["Teachable band", `${s.bandLow} < pass rate < ${s.bandHigh}`],
              ["Content hash", <span key="h" className="font-mono text-xs" title={s.contentHash}>{s.contentHash.slice(0, 16)}…</span>],
            ]}
          />
        </Card>
        <Card>
          <CardHeader title="Responses" description="Where each item's SFT response comes from." />
          <Facts items={[["Target attempt", n(bySource.sample)], ["Teacher", n(bySource.teacher)], ["Reference", n(bySource.reference)], ["None chosen", n(bySource.none)]]} />
          <div className="flex flex-wrap gap-2 border-t border-zinc-100 px-4 py-3" aria-label="Items by band at freeze">
            {Object.entries(s.counts.byBand).map(([b, count]) => <span key={b} className="flex items-center gap-1 text-sm"><BandBadge band={b} /> <span className="tabular-nums">{n(count ?? 0)}</span></span>)}
          </div>
        </Card>
        <Card>
          <CardHeader title="Scored by" description="The runs whose samples decided these items." />
          <ul className="divide-y divide-zinc-100 text-sm">
            {s.runs.map((r) => (
              <li key={r.runId} className="px-4 py-2">
                <div className="flex justify-between gap-2">
                  <Link href={`/runs/${r.runId}`} className="whitespace-nowrap text-accent-700 hover:underline">Run #{r.runId}</Link>
                  <span className="whitespace-nowrap tabular-nums text-zinc-600">k={r.k} · {n(r.items)} items</span>
                </div>
                <div className="truncate text-xs text-zinc-500" title={r.target?.model}>target: {r.target?.name ?? "—"}{r.teacher ? ` · teacher: ${r.teacher.name}` : ""}</div>
              </li>
            ))}
            {s.runs.length === 0 && <li className="px-4 py-2 text-zinc-500">No scoring run recorded.</li>}
          </ul>
        </Card>
        <div className="lg:col-span-3"><SnapshotDiffCard id={s.id} versions={versions.items.map((v) => ({ id: v.id, version: v.version }))} /></div>
        <div className="lg:col-span-3"><DriftPanel id={s.id} canStart={canLead} endpoints={endpoints.map((e) => ({ id: e.id, name: e.name, simulated: e.simulated }))} /></div>
        <div className="lg:col-span-3"><SnapshotItems id={s.id} total={s.itemCount} /></div>
      </div>
    </>
  );
}
