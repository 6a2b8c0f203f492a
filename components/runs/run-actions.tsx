"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "@/components/api";
import { Button } from "@/components/ui/button";
import type { RunLive, RunView } from "./run-view";

type Action = "pause" | "resume" | "cancel";

/** Pause / resume / cancel, offered only where the run's status allows them. */
export function RunActions({ id, status }: { id: number; status: RunView["status"] }) {
  const qc = useQueryClient();
  const act = useMutation({
    mutationFn: (action: Action) => api<RunView>(`/api/runs/${id}/actions`, { method: "POST", json: { action } }),
    // The action answers with the run only: keep the progress we had until the next poll.
    onSuccess: (run) => qc.setQueryData<RunLive>(["run", id], (old) => (old ? { ...old, ...run } : undefined)),
  });
  const open = status === "queued" || status === "running" || status === "paused";
  if (!open) return null;
  return (
    <div className="flex items-center gap-2">
      {act.error && <span role="alert" className="text-xs text-red-700">{act.error.message}</span>}
      {status === "paused" ? (
        <Button variant="secondary" disabled={act.isPending} onClick={() => act.mutate("resume")}>Resume</Button>
      ) : (
        <Button variant="secondary" disabled={act.isPending} onClick={() => act.mutate("pause")}>Pause</Button>
      )}
      <Button
        variant="danger"
        disabled={act.isPending}
        onClick={() => confirm("Cancel this run? Samples taken so far are kept; the rest is not scored.") && act.mutate("cancel")}
      >
        Cancel run
      </Button>
    </div>
  );
}
