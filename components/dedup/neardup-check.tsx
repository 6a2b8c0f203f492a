"use client";
import { useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { api, ApiError } from "@/components/api";
import { Button } from "@/components/ui/button";
import { Field, FormError, Input } from "@/components/ui/form";
import type { PassLive } from "./types";

/** The domain page's "Check for near-duplicates" (leads): optionally a new threshold, then a pass. */
export function NearDupCheck({ domain, threshold }: { domain: string; threshold: number }) {
  const router = useRouter();
  const client = useQueryClient();
  const [value, setValue] = useState(String(threshold));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const start = async (e: React.FormEvent) => {
    e.preventDefault();
    setError(null);
    const t = Number(value);
    if (!Number.isFinite(t) || t < 0.5 || t > 1) return setError("The threshold is a Jaccard similarity between 0.5 and 1.");
    setBusy(true);
    try {
      const { pass } = await api<{ pass: PassLive }>("/api/dedup/neardup", { method: "POST", json: { domain, threshold: t } });
      client.setQueryData(["neardup-pass", `domain=${domain}`], pass);
      router.refresh();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : "Could not start the check.");
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={start} className="flex flex-wrap items-end gap-2">
      <Field label="Threshold (Jaccard)" hint="0.8: reworded, renumbered, reformatted copies. Higher keeps templated problems apart.">
        <Input type="number" step="0.01" min="0.5" max="1" value={value} onChange={(e) => setValue(e.target.value)} className="w-28" />
      </Field>
      <Button type="submit" disabled={busy}>{busy ? "Starting…" : "Check for near-duplicates"}</Button>
      <FormError message={error} />
    </form>
  );
}
