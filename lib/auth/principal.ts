import { roleSchema, type Principal } from "./roles";
import { auth } from "./server";
import { principalFromToken } from "./tokens";

export type { Principal } from "./roles";

/** The API token of an `Authorization: Bearer …` header, or null when none was sent. */
export function bearerToken(headers: Headers): string | null {
  const authorization = headers.get("authorization");
  return authorization?.toLowerCase().startsWith("bearer ") ? authorization.slice(7).trim() : null;
}

export async function principalFromHeaders(headers: Headers): Promise<Principal | null> {
  const token = bearerToken(headers);
  if (token !== null) return principalFromToken(token);
  const s = await auth().api.getSession({ headers });
  if (!s) return null;
  const user = s.user as typeof s.user & { role?: string; active?: boolean };
  if (user.active === false) return null;
  return { userId: user.id, email: user.email, name: user.name, role: roleSchema.parse(user.role), via: "session" };
}
