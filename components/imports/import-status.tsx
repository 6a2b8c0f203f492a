import { Badge, statusTone } from "@/components/ui/badge";
import { importStatusLabel, type ImportStatusCounts } from "@/lib/candidates/import-status-label";

/** An import's status badge: amber where the label is not the bare status (see importStatusLabel). */
export function ImportStatusBadge(counts: ImportStatusCounts) {
  const label = importStatusLabel(counts);
  return <Badge tone={label === counts.status ? statusTone[counts.status] : "amber"}>{label}</Badge>;
}
