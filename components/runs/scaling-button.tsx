"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { api } from "@/components/api";
import { Button } from "@/components/ui/button";
import type { RunView } from "./run-view";

/**
 * Scales an exploration run to the rest of its pool with exactly the same settings, so the
 * settings hash matches and candidates the exploration already scored are skipped.
 */
export function ScalingButton({ run }: { run: RunView }) {
  const router = useRouter();
  const start = useMutation({
    mutationFn: () =>
      api<{ id: number }>("/api/runs", {
        method: "POST",
        json: {
          domain: run.domain,
          targetEndpointId: run.targetEndpointId,
          targetEndpointIds: run.targetEndpointIds?.length > 1 ? run.targetEndpointIds : undefined,
          phase: "scaling",
          mode: run.mode,
          k: run.k,
          temperature: run.temperature,
          maxTokens: run.maxTokens,
          filters: run.filters,
          teacherEndpointId: run.teacherEndpointId,
          teacherK: run.teacherK ?? undefined,
          teacherAgreement: run.teacherAgreement ?? undefined,
          judgeEndpointId: run.judgeEndpointId,
          judgeRubric: run.judgeRubric ?? undefined,
          parentRunId: run.id,
        },
      }),
    onSuccess: (r) => router.push(`/runs/${r.id}`),
  });
  return (
    <div className="flex items-center gap-2">
      {start.error && <span role="alert" className="text-xs text-red-700">{start.error.message}</span>}
      <Button onClick={() => start.mutate()} disabled={start.isPending}>{start.isPending ? "Starting…" : "Start scaling run"}</Button>
    </div>
  );
}
