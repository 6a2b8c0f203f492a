"use client";
import { useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useRef } from "react";
import { api } from "@/components/api";
import { n } from "@/components/format";
import { Badge, statusTone } from "@/components/ui/badge";
import { Progress } from "@/components/ui/progress";
import { passIsLive, type PassLive } from "./types";

const phaseText: Record<string, string> = {
  hashing: "hashing prompts",
  pairs: "finding pairs through the LSH bands",
  clusters: "grouping pairs into clusters",
};

/**
 * A near-duplicate pass, polled every second while it is queued or running (the import page:
 * ?batch=ID, the domain page: ?domain=SLUG). `flagged` is the count the page rendered with; the
 * page re-renders when the pass finishes, so counts and lists follow.
 */
export function NearDupPassProgress({ query, initial, emptyText, expectPass = false }: {
  query: string;
  initial: PassLive | null;
  emptyText: string;
  /** Poll (every 3 s) while no pass exists yet: an import whose check is still to be queued. */
  expectPass?: boolean;
}) {
  const router = useRouter();
  const { data: pass } = useQuery({
    queryKey: ["neardup-pass", query],
    queryFn: async () => (await api<{ pass: PassLive | null }>(`/api/dedup/neardup?${query}`)).pass,
    initialData: initial,
    refetchInterval: (q) => (passIsLive(q.state.data ?? null) ? 1000 : !q.state.data && expectPass ? 3000 : false),
  });
  const last = useRef(pass?.status);
  useEffect(() => {
    if (last.current !== pass?.status && !passIsLive(pass ?? null)) router.refresh();
    last.current = pass?.status;
  }, [pass, router]);

  if (!pass) return <p className="text-sm text-zinc-500">{emptyText}</p>;
  const fraction = pass.status === "done" ? 1 : pass.total ? pass.done / pass.total : null;
  return (
    <div className="space-y-2" data-testid="neardup-pass">
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <Badge tone={statusTone[pass.status] ?? "zinc"}>{pass.status}</Badge>
        <span className="text-zinc-600">
          {pass.status === "queued" && "Waiting for a worker…"}
          {pass.status === "running" && `${phaseText[pass.phase ?? ""] ?? "working"} · ${n(pass.done)} of ${n(pass.total)} new prompts hashed`}
          {pass.status === "done" && pass.result && (
            <>
              {n(pass.result.hashed)} prompts hashed · {n(pass.result.confirmed)} pairs confirmed
              {pass.result.crossDomain > 0 && ` · ${n(pass.result.crossDomain)} across domains (reported, not flagged)`} · {(pass.result.ms.total / 1000).toFixed(1)} s
            </>
          )}
          {pass.status === "failed" && <span className="text-red-700">{pass.errorMessage ?? "The pass failed."}</span>}
        </span>
      </div>
      {passIsLive(pass) && <Progress value={fraction} label="Near-duplicate check progress" />}
    </div>
  );
}
