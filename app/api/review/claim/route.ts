import { NextResponse } from "next/server";
import { route } from "@/lib/http/route";
import { checkBand, claimNext, claimSchema, reviewDomain } from "@/lib/review";

export const dynamic = "force-dynamic";

// The next item of a domain's queue for the caller, under a lease; 204 when none is left.
export const POST = route({ body: claimSchema }, async ({ body, principal }) => {
  checkBand(principal, body.band);
  const domain = await reviewDomain(principal, body.domain);
  const item = await claimNext(principal.userId, domain.id, body.band);
  return item ? { item } : new NextResponse(null, { status: 204 });
});
