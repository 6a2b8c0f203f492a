import { Badge, type Tone } from "@/components/ui/badge";

const tone: Record<string, Tone> = { queued: "zinc", running: "blue", paused: "amber", cancelled: "zinc", done: "green", failed: "red" };

export function RunStatusBadge({ status }: { status: string }) {
  return <Badge tone={tone[status] ?? "zinc"}>{status}</Badge>;
}
