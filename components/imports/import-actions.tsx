"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { api } from "@/components/api";
import { Button } from "@/components/ui/button";
import type { ImportBatchLive } from "./batch-view";

/**
 * Cancel (queued, running, interrupted), Retry (failed or interrupted, file still on the
 * server) and Discard (a stopped import's candidates, while nobody has worked on them). Where
 * Retry cannot work it says what does: the CLI's --resume, or a new upload.
 */
export function ImportActions({ batch }: { batch: ImportBatchLive }) {
  const qc = useQueryClient();
  const router = useRouter();
  const act = useMutation({
    mutationFn: (action: "cancel" | "retry" | "discard") => api<ImportBatchLive>(`/api/imports/${batch.id}/actions`, { method: "POST", json: { action } }),
    onSuccess: (b) => {
      qc.setQueryData(["import", batch.id], b);
      if (b.status === "discarded") router.refresh(); // the page's server parts (its candidates link)
    },
  });
  const cancellable = batch.status === "queued" || batch.status === "running" || batch.status === "interrupted";
  const stopped = batch.status === "failed" || batch.status === "interrupted";
  // A CLI import that stopped beating: no worker may be around to mark it, so say it now.
  const deadCli = batch.status === "running" && batch.stale && batch.resumeCommand !== null;
  const discardable = (batch.status === "done" || batch.status === "failed" || batch.status === "cancelled" || batch.status === "interrupted") && batch.inserted > 0;
  if (!cancellable && !stopped && !discardable) return null;
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
      {discardable && (
        <Button
          variant="secondary"
          disabled={act.isPending}
          onClick={() =>
            confirm(
              `Discard import #${batch.id}? Its ${batch.inserted.toLocaleString("en")} candidates are deleted, so the file can be imported again (into another domain, or with another format or mapping). ` +
                "It is refused if any of them was scored, reviewed, edited or frozen. The import stays listed as discarded.",
            ) && act.mutate("discard")
          }
        >
          {act.isPending && act.variables === "discard" ? "Discarding…" : "Discard import"}
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
