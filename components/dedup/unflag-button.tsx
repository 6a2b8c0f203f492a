"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { api, ApiError } from "@/components/api";
import { Button } from "@/components/ui/button";

/** A lead's "Not a duplicate" on one pair: audited, and kept on every later pass. */
export function UnflagButton({ a, b }: { a: number; b: number }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const unflag = async () => {
    setBusy(true);
    setError(null);
    try {
      await api("/api/dedup/pairs/unflag", { method: "POST", json: { a, b } });
      router.refresh();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : "Could not unflag the pair.");
    } finally {
      setBusy(false);
    }
  };
  return (
    <span className="inline-flex items-center gap-2">
      <Button type="button" variant="secondary" className="px-2 py-0.5 text-xs" disabled={busy} onClick={unflag} aria-label={`Not a duplicate: #${a} and #${b}`}>
        Not a duplicate
      </Button>
      {error && <span role="alert" className="text-xs text-red-700">{error}</span>}
    </span>
  );
}
