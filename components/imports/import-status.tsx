import { Badge, statusTone } from "@/components/ui/badge";

interface Counts {
  status: string;
  inserted: number;
  duplicates: number;
  rejected: number;
  /** Running, but its runner stopped beating: say so instead of "running". */
  stale?: boolean;
}

/**
 * An import's status badge. A finished import that kept nothing (every line rejected, or an
 * empty file) is not a green "done": it says so in amber, so a failed pool is not mistaken
 * for a loaded one in the history or on the overview.
 */
export function ImportStatusBadge({ status, inserted, duplicates, rejected, stale }: Counts) {
  if (status === "running" && stale) return <Badge tone="amber">not responding</Badge>;
  if (status === "done" && inserted === 0 && duplicates === 0) {
    return <Badge tone="amber">{rejected ? "nothing imported" : "empty file"}</Badge>;
  }
  return <Badge tone={statusTone[status]}>{status}</Badge>;
}
