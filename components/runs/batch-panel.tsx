"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { api } from "@/components/api";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/form";
import { bytes } from "@/components/format";
import { BatchReport, type IngestReport } from "./batch-report";

/**
 * The offline path: download the OpenAI Batch requests the run still needs, run them on a
 * serving cluster (OpenAI Batch, vLLM run_batch), upload the output here. Leads only: both
 * routes need the lead role.
 */
export function BatchPanel({ runId }: { runId: number }) {
  const router = useRouter();
  const [file, setFile] = useState<File | null>(null);
  const upload = useMutation({
    mutationFn: (f: File) =>
      api<IngestReport>(`/api/runs/${runId}/batch`, { method: "POST", body: f, headers: { "content-type": "application/x-ndjson" } }),
    onSuccess: () => router.refresh(),
  });
  return (
    <div className="space-y-4 p-4">
      <div className="flex flex-wrap items-center gap-3">
        {/* A form POST, not a link: preparing the requests writes (settles candidates that need
            nothing more), and a GET must not. The browser saves the attachment and stays here. */}
        <form method="post" action={`/api/runs/${runId}/batch/requests`}>
          <Button type="submit" variant="secondary">Download requests (JSONL)</Button>
        </form>
        <span className="text-xs text-zinc-500">One line per candidate still to score, <code>custom_id</code> + <code>body</code> with <code>n</code> = k.</span>
      </div>
      <form
        className="flex flex-wrap items-center gap-3"
        onSubmit={(e) => {
          e.preventDefault();
          if (file) upload.mutate(file);
        }}
      >
        <label className="text-sm text-zinc-700">
          <span className="sr-only">Batch output file</span>
          <input
            type="file"
            accept=".jsonl,.ndjson,application/x-ndjson"
            data-testid="batch-output-input"
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
            className="text-sm file:mr-3 file:rounded-md file:border file:border-zinc-300 file:bg-white file:px-3 file:py-1.5 file:text-sm file:font-medium hover:file:bg-zinc-50"
          />
        </label>
        {file && <span className="text-xs text-zinc-500">{bytes(file.size)}</span>}
        <Button type="submit" disabled={!file || upload.isPending}>{upload.isPending ? "Importing…" : "Upload output (JSONL)"}</Button>
      </form>
      <FormError message={upload.error?.message} />
      {upload.data && <BatchReport report={upload.data} />}
    </div>
  );
}
