import { toNextJsHandler } from "better-auth/next-js";
import { auth } from "@/lib/auth/server";

export const dynamic = "force-dynamic";

// better-auth's own endpoints (sign-in, sign-out, session). Public by nature: this is where
// a session starts. Its handler checks the Origin of mutations itself.
const handler = (req: Request) => auth().handler(req);
export const { GET, POST } = toNextJsHandler(handler);
