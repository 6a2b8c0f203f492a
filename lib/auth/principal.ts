import { roleSchema, type Role } from "./roles";
import { auth } from "./server";
import { principalFromToken } from "./tokens";

/** Who is making a request: a signed-in user (cookie) or an API token's owner. */
export interface Principal {
  userId: string;
  email: string;
  name: string;
  role: Role;
  via: "session" | "token";
}

export async function principalFromHeaders(headers: Headers): Promise<Principal | null> {
  const authorization = headers.get("authorization");
  if (authorization?.toLowerCase().startsWith("bearer ")) {
    return principalFromToken(authorization.slice(7).trim());
  }
  const s = await auth().api.getSession({ headers });
  if (!s) return null;
  const user = s.user as typeof s.user & { role?: string; active?: boolean };
  if (user.active === false) return null;
  return { userId: user.id, email: user.email, name: user.name, role: roleSchema.parse(user.role), via: "session" };
}
