import { actorOf } from "@/lib/auth/tokens";
import { createUser, createUserSchema, listUsers } from "@/lib/auth/users";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = route({ role: "admin" }, async () => ({ items: await listUsers() }));

export const POST = route({ role: "admin", body: createUserSchema }, async ({ body, principal }) =>
  createUser(actorOf(principal), body),
);
