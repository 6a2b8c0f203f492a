"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { api } from "@/components/api";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/form";

interface TransformResult {
  created: { childId: number }[];
}

/**
 * Asks the teacher model for a verifiable variant of this candidate. The variant arrives as a
 * new candidate (linked as this one's child) once the job finishes, so the page refreshes.
 */
export function TransformButton({ candidateId }: { candidateId: number }) {
  const router = useRouter();
  const run = useMutation({
    mutationFn: () => api<TransformResult>("/api/transforms", { method: "POST", json: { candidateIds: [candidateId] } }),
    onSuccess: () => router.refresh(),
  });
  return (
    <div className="space-y-2">
      <FormError message={run.error?.message} />
      <Button variant="secondary" onClick={() => run.mutate()} disabled={run.isPending}>
        {run.isPending ? "Transforming…" : "Transform into a verifiable variant"}
      </Button>
      <p className="text-xs text-zinc-500">
        {run.isSuccess ? "Done: the variant is listed under Lineage and can be scored like any other candidate." : "The teacher model rewrites the prompt to have a short, checkable final answer. The original stays as it is."}
      </p>
    </div>
  );
}
