"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { api } from "@/components/api";
import { Button } from "@/components/ui/button";
import { Field, FormError, Select } from "@/components/ui/form";

export interface TeacherOption {
  id: number;
  label: string;
}

export interface DomainOption {
  slug: string;
  name: string;
  answerKind: string;
}

/** The parent's domain, unless it cannot check a short answer (kind none): then math, or any that can. */
function defaultTarget(domains: DomainOption[], parent: string): string {
  if (domains.find((d) => d.slug === parent)?.answerKind !== "none") return parent;
  const checkable = domains.filter((d) => d.answerKind !== "none");
  return (checkable.find((d) => d.answerKind === "math") ?? checkable[0])?.slug ?? parent;
}

/**
 * Asks a teacher model for a verifiable variant of this candidate. The rewrite runs as a
 * background job; the variant shows up under Lineage when it lands, so the page refreshes a
 * few times after queueing.
 */
export function TransformButton(props: { candidateId: number; teachers: TeacherOption[]; domains: DomainOption[]; domain: string }) {
  const { candidateId, teachers, domains } = props;
  const router = useRouter();
  const [endpointId, setEndpointId] = useState(String(teachers[0]?.id ?? ""));
  const [targetDomain, setTargetDomain] = useState(() => defaultTarget(domains, props.domain));
  const run = useMutation({
    mutationFn: () =>
      api<{ jobId: string; candidates: number }>("/api/transforms", {
        method: "POST",
        json: { candidateIds: [candidateId], endpointId: Number(endpointId), targetDomain },
      }),
  });
  useEffect(() => {
    if (!run.isSuccess) return;
    const timers = [2000, 5000, 10_000, 20_000].map((ms) => setTimeout(() => router.refresh(), ms));
    return () => timers.forEach(clearTimeout);
  }, [run.isSuccess, router]);

  if (teachers.length === 0) {
    return <p className="text-xs text-zinc-500">Transforming needs an endpoint with the teacher role; an admin registers one under Model endpoints.</p>;
  }
  return (
    <form
      className="space-y-2"
      onSubmit={(e) => {
        e.preventDefault();
        run.mutate();
      }}
    >
      <FormError message={run.error?.message} />
      <Field label="Teacher for the rewrite">
        <Select value={endpointId} onChange={(e) => setEndpointId(e.target.value)}>
          {teachers.map((t) => <option key={t.id} value={t.id}>{t.label}</option>)}
        </Select>
      </Field>
      <Field label="Variant goes to domain">
        <Select value={targetDomain} onChange={(e) => setTargetDomain(e.target.value)}>
          {domains.map((d) => (
            <option key={d.slug} value={d.slug}>
              {d.name} (checked as {d.answerKind})
            </option>
          ))}
        </Select>
      </Field>
      <Button type="submit" variant="secondary" disabled={run.isPending || run.isSuccess}>
        {run.isPending ? "Queueing…" : run.isSuccess ? "Transform queued" : "Transform into a verifiable variant"}
      </Button>
      <p className="text-xs text-zinc-500">
        {run.isSuccess
          ? "The variant appears under Lineage when the teacher replies, as a new candidate to score and review."
          : "The teacher rewrites the prompt to have a short, checkable final answer. This candidate stays as it is."}
      </p>
    </form>
  );
}
