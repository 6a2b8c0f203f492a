import { NextResponse } from "next/server";
import { route } from "@/lib/http/route";
import { health } from "@/lib/health";

export const dynamic = "force-dynamic";

// Public on purpose (a liveness probe): it reveals up/down and, when down, a generic reason
// ("the database is restarting"), never a host, URL or error text.
export const GET = route({ role: "public" }, async () => {
  const h = await health();
  return NextResponse.json(h, { status: h.ok ? 200 : 503 });
});
