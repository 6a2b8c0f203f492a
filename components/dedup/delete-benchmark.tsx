"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { api } from "@/components/api";
import { Button } from "@/components/ui/button";

/** Delete an uploaded benchmark: its hits go and the flags they set are lifted. */
export function DeleteBenchmark({ id, name }: { id: number; name: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <span className="inline-flex items-center gap-2">
      <Button
        variant="danger"
        disabled={busy}
        aria-label={`Delete ${name}`}
        onClick={async () => {
          if (!window.confirm(`Delete the benchmark “${name}” and its hits? Candidates it alone flagged become eligible again.`)) return;
          setBusy(true);
          try {
            await api(`/api/benchmarks/${id}`, { method: "DELETE" });
            router.refresh();
          } catch (e) {
            setError((e as Error).message);
          } finally {
            setBusy(false);
          }
        }}
      >
        Delete
      </Button>
      {error && <span role="alert" className="text-xs text-red-700">{error}</span>}
    </span>
  );
}
