"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "@/components/api";
import { Button } from "@/components/ui/button";
import type { ImportBatchLive } from "./batch-view";

/**
 * Cancel (queued, running, interrupted) and Retry (failed or interrupted, file still on the
 * server). Where Retry cannot work it says what does: the CLI's --resume, or a new upload.
 */
export function ImportActions({ batch }: { batch: ImportBatchLive }) {
  const qc = useQueryClient();
  const act = useMutation({
    mutationFn: (action: "cancel" | "retry") => api<ImportBatchLive>(`/api/imports/${batch.id}/actions`, { method: "POST", json: { action } }),
    onSuccess: (b) => qc.setQueryData(["import", batch.id], b),
  });
  const cancellable = batch.status === "queued" || batch.status === "running" || batch.status === "interrupted";
  const stopped = batch.status === "failed" || batch.status === "interrupted";
  // A CLI import that stopped beating: no worker may be around to mark it, so say it now.
  const deadCli = batch.status === "running" && batch.stale && batch.resumeCommand !== null;
  if (!cancellable && !stopped) return null;
  return (
    <div className="flex flex-wrap items-center gap-2 border-t border-zinc-100 pt-3">
      {stopped && batch.retryable && (
        <Button variant="secondary" disabled={act.isPending} onClick={() => act.mutate("retry")}>
          Retry
        </Button>
      )}
      {cancellable && (
        <Button
          variant="danger"
          disabled={act.isPending}
          onClick={() => confirm("Cancel this import? Lines imported so far are kept; the rest of the file is not read.") && act.mutate("cancel")}
        >
          Cancel import
        </Button>
      )}
      {(stopped || deadCli) && !batch.retryable && (
        <span className="text-sm text-zinc-600">
          {batch.resumeCommand ? (
            <>Finish it from the terminal that has the file: <code className="rounded bg-zinc-100 px-1 font-mono text-xs">{batch.resumeCommand}</code></>
          ) : (
            "The uploaded file is no longer on the server: upload it again (lines already imported are skipped as duplicates)."
          )}
        </span>
      )}
      {act.error && <span role="alert" className="text-sm text-red-700">{act.error.message}</span>}
    </div>
  );
}
