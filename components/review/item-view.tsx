"use client";
import Link from "next/link";
import { asCode, Markdown } from "@/components/markdown";
import { DifficultyPanel } from "@/components/scoring/difficulty-panel";
import { LineageCard } from "@/components/scoring/lineage";
import { Card, CardHeader } from "@/components/ui/card";
import { Attempts } from "./attempts";
import type { CandidateJson, EvidenceJson, ItemJson } from "./types";

const pct = (v: number | null) => (v === null ? "—" : `${Math.round(v * 100)}%`);

/** Where the item came from and what happened to it in review so far. */
function Details({ c, item, canLead }: { c: CandidateJson; item: ItemJson | undefined; canLead: boolean }) {
  const rows: [string, React.ReactNode][] = [
    ["Candidate", <Link key="c" href={`/candidates/${c.id}`} className="text-accent-700 hover:underline">#{c.id}</Link>],
    ["Source", c.source ?? "—"],
    ["Import", c.batch ? <Link key="b" href={canLead ? `/imports/${c.batch.id}` : `/candidates?batch=${c.batch.id}`} className="text-accent-700 hover:underline">#{c.batch.id} {c.batch.fileName}</Link> : "—"],
    ["Answer kind", c.domain.answerKind],
  ];
  return (
    <Card>
      <CardHeader title="Details" />
      <dl className="divide-y divide-zinc-100 text-sm">
        {rows.map(([k, v]) => (
          <div key={k} className="flex justify-between gap-4 px-4 py-2"><dt className="text-zinc-500">{k}</dt><dd className="min-w-0 truncate text-right">{v}</dd></div>
        ))}
      </dl>
      {item && item.edits.length > 0 && (
        <div className="border-t border-zinc-100 px-4 py-3 text-xs">
          <div className="mb-1 font-medium uppercase tracking-wide text-zinc-500">Edits</div>
          <ul className="space-y-1">
            {item.edits.map((e, i) => (
              <li key={i} className="text-zinc-700">{e.field} by {e.by}, {e.at.replace("T", " ").slice(0, 16)}</li>
            ))}
          </ul>
        </div>
      )}
      {item && item.decisions.length > 0 && (
        <div className="border-t border-zinc-100 px-4 py-3 text-xs">
          <div className="mb-1 font-medium uppercase tracking-wide text-zinc-500">Decisions</div>
          <ul className="space-y-1">
            {item.decisions.map((d) => (
              <li key={d.id} className="text-zinc-700">{d.mine ? "You" : d.reviewer}: {d.decision}{d.reason ? ` (${d.reason})` : ""}</li>
            ))}
          </ul>
        </div>
      )}
    </Card>
  );
}

/** The reference: the dataset's answer, else the teacher's plurality answer with its agreement. */
function Reference({ c, evidence }: { c: CandidateJson; evidence: EvidenceJson | undefined }) {
  const proxy = evidence?.score?.proxyReference ?? null;
  const solution = c.metadata && typeof c.metadata === "object" && typeof (c.metadata as { solution?: unknown }).solution === "string" ? (c.metadata as { solution: string }).solution : null;
  return (
    <Card>
      <CardHeader
        title={c.answer ? "Reference answer" : proxy ? "Teacher's proxy reference" : "Reference answer"}
        description={c.answer ? `Checked as: ${c.domain.answerKind}` : proxy ? `Plurality of the teacher's answers, ${pct(evidence?.score?.teacherAgreement ?? null)} agreement` : undefined}
      />
      <div className="max-h-[32rem] overflow-auto p-4" data-testid="reference">
        {c.answer ? (
          <Markdown>{c.domain.answerKind === "code" ? asCode(c.answer) : c.answer}</Markdown>
        ) : proxy ? (
          <Markdown>{proxy}</Markdown>
        ) : (
          <p className="text-sm text-zinc-500">No reference answer and no proxy from a teacher.</p>
        )}
        {solution && (
          <details className="mt-3 text-sm">
            <summary className="cursor-pointer text-xs font-medium text-zinc-600">Worked solution</summary>
            <div className="mt-2 rounded-md border border-zinc-100 bg-zinc-50 p-3"><Markdown>{solution}</Markdown></div>
          </details>
        )}
      </div>
    </Card>
  );
}

export function ItemView(p: {
  c: CandidateJson;
  evidence: EvidenceJson | undefined;
  item: ItemJson | undefined;
  canLead: boolean;
  selected: number;
  open: Set<number>;
  onSelect: (i: number) => void;
  onToggle: (i: number) => void;
}) {
  const { c, evidence } = p;
  return (
    <div className="grid gap-4 xl:grid-cols-[minmax(0,1fr)_20rem]">
      <div className="min-w-0 space-y-4">
        <Card>
          <CardHeader title="Prompt" />
          {/* A long prompt scrolls inside its card: the decision bar and the reference stay near. */}
          <div className="max-h-[60vh] overflow-auto p-4" data-testid="prompt">
            <Markdown>{c.prompt}</Markdown>
          </div>
        </Card>
        <Reference c={c} evidence={evidence} />
        {evidence ? (
          <Attempts samples={evidence.samples} selected={p.selected} open={p.open} onSelect={p.onSelect} onToggle={p.onToggle} />
        ) : (
          <Card className="p-4 text-sm text-zinc-500">Loading attempts…</Card>
        )}
      </div>
      {/* The score stays beside the attempts while the reviewer scrolls through them. */}
      <div className="min-w-0 space-y-4 self-start xl:sticky xl:top-28 xl:max-h-[calc(100vh-8rem)] xl:overflow-y-auto">
        <DifficultyPanel score={evidence?.score ?? null} />
        {evidence && <LineageCard parent={evidence.parent} variants={evidence.variants} />}
        <Details c={c} item={p.item} canLead={p.canLead} />
      </div>
    </div>
  );
}
