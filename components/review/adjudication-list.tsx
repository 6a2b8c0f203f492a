"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { api } from "@/components/api";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { FormError, Input, Select } from "@/components/ui/form";
import { Table, Td, Th } from "@/components/ui/table";

export interface AdjudicationItem {
  candidateId: number;
  prompt: string;
  decisions: { reviewer: string; decision: string; reason: string | null; note: string | null }[] | null;
}

function Item({ item, reasons, onDone }: { item: AdjudicationItem; reasons: string[]; onDone: () => void }) {
  const [reason, setReason] = useState(reasons[0] ?? "");
  const [note, setNote] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const send = async (decision: "accept" | "reject") => {
    setBusy(true);
    setError(null);
    try {
      await api("/api/review/adjudicate", { method: "POST", json: { candidateId: item.candidateId, decision, ...(decision === "reject" ? { reason } : {}), ...(note.trim() ? { note: note.trim() } : {}) } });
      onDone();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
      setBusy(false);
    }
  };
  return (
    <Card data-testid="adjudication-item">
      <CardHeader
        title={<Link href={`/candidates/${item.candidateId}`} className="text-accent-700 hover:underline">Candidate #{item.candidateId}</Link>}
        description={<span className="line-clamp-2 whitespace-pre-wrap">{item.prompt}</span>}
      />
      <Table className="rounded-none border-0">
        <thead><tr><Th>Reviewer</Th><Th>Decision</Th><Th>Reason</Th><Th>Note</Th></tr></thead>
        <tbody className="divide-y divide-zinc-100">
          {(item.decisions ?? []).map((d, i) => (
            <tr key={i}>
              <Td>{d.reviewer}</Td>
              <Td><Badge tone={d.decision === "accept" ? "green" : "red"}>{d.decision}</Badge></Td>
              <Td>{d.reason ?? "—"}</Td>
              <Td className="whitespace-pre-wrap">{d.note ?? "—"}</Td>
            </tr>
          ))}
        </tbody>
      </Table>
      <div className="flex flex-wrap items-end gap-2 border-t border-zinc-100 px-4 py-3">
        <Button onClick={() => send("accept")} disabled={busy}>Accept</Button>
        <label className="text-xs text-zinc-600">
          <span className="mb-1 block">Reason</span>
          <Select aria-label="Reject reason" value={reason} onChange={(e) => setReason(e.target.value)}>
            {reasons.map((r) => <option key={r} value={r}>{r}</option>)}
          </Select>
        </label>
        <label className="min-w-48 flex-1 text-xs text-zinc-600">
          <span className="mb-1 block">Note (optional)</span>
          <Input aria-label="Adjudication note" className="w-full" value={note} onChange={(e) => setNote(e.target.value)} />
        </label>
        <Button variant="danger" onClick={() => send("reject")} disabled={busy || !reason}>Reject</Button>
      </div>
      {error && <div className="px-4 pb-3"><FormError message={error} /></div>}
    </Card>
  );
}

/** A lead's queue of disagreements: each reviewer's decision, reason and note; the lead's word is final. */
export function AdjudicationList({ items, reasons, slug }: { items: AdjudicationItem[]; reasons: string[]; slug: string }) {
  const router = useRouter();
  if (items.length === 0) {
    return (
      <EmptyState title="No disagreements waiting" action={<Link href={`/review/${slug}`} className="text-sm font-medium text-accent-700 hover:underline">Review this domain →</Link>}>
        Items land here when reviewers of the same item disagree under the domain&apos;s consensus rule.
      </EmptyState>
    );
  }
  return <div className="space-y-4">{items.map((it) => <Item key={it.candidateId} item={it} reasons={reasons} onDone={() => router.refresh()} />)}</div>;
}
