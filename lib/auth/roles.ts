import { z } from "zod";

// Roles are a ladder: each one can do everything the one below it can.
//   reviewer — review queues, read-only views
//   lead     — + domains, bands, imports, runs, snapshots, exports
//   admin    — + users, model endpoints, audit trail, everything
export const roles = ["reviewer", "lead", "admin"] as const;
export const roleSchema = z.enum(roles);
export type Role = z.infer<typeof roleSchema>;

const rank: Record<Role, number> = { reviewer: 0, lead: 1, admin: 2 };

/** Whether `role` may do what needs at least `required`. */
export function atLeast(role: Role, required: Role): boolean {
  return rank[role] >= rank[required];
}

/**
 * Who is making a request: a signed-in user (cookie) or an API token's owner. Declared here,
 * beside the roles, so ./tokens.ts (which makes token principals) and ./principal.ts (which
 * reads requests and calls ./tokens.ts) do not import each other.
 */
export interface Principal {
  userId: string;
  email: string;
  name: string;
  role: Role;
  via: "session" | "token";
}
