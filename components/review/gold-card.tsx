"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { api } from "@/components/api";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { FormError } from "@/components/ui/form";

export interface GoldMark {
  decision: string;
  decisions: number;
  correct: number;
}

/**
 * A lead marks a candidate as gold: its right decision is known, it is slipped into reviewers'
 * queues at the domain's gold rate (unknown to them) and scores their gold accuracy.
 */
export function GoldCard({ candidateId, gold }: { candidateId: number; gold: GoldMark | null }) {
  const router = useRouter();
  const change = useMutation({
    mutationFn: (decision: "accept" | "reject" | null) =>
      decision
        ? api("/api/review/gold", { method: "POST", json: { candidateId, decision } })
        : api("/api/review/gold", { method: "DELETE", json: { candidateId } }),
    onSuccess: () => router.refresh(),
  });
  return (
    <Card>
      <CardHeader title="Gold item" description="A known decision, slipped into reviewers' queues to measure their accuracy." />
      <div className="space-y-2 p-4 text-sm">
        {gold ? (
          <p data-testid="gold-state">
            Gold: <b>{gold.decision}</b> · {gold.decisions ? `${gold.correct} of ${gold.decisions} reviewers agreed` : "not reviewed yet"}
          </p>
        ) : (
          <p className="text-zinc-500">Not a gold item.</p>
        )}
        <div className="flex flex-wrap gap-1.5">
          <Button variant="secondary" disabled={change.isPending || gold?.decision === "accept"} onClick={() => change.mutate("accept")}>Gold: accept</Button>
          <Button variant="secondary" disabled={change.isPending || gold?.decision === "reject"} onClick={() => change.mutate("reject")}>Gold: reject</Button>
          {gold && <Button variant="ghost" disabled={change.isPending} onClick={() => change.mutate(null)}>Remove</Button>}
        </div>
        <FormError message={change.error?.message} />
      </div>
    </Card>
  );
}
