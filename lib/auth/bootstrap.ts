import { systemActor } from "@/lib/audit";
import { countUsers, createUser, listUsers } from "./users";

// First run: a fresh database has no users, and sign-up is closed, so the launcher creates
// the first admin and prints its credentials once (EDGEWISE_ADMIN_EMAIL / _PASSWORD pin them,
// e.g. for automation). The demo adds a lead and two reviewers with documented passwords.

export const DEMO_PASSWORD = "edgewise-demo";
export const demoUsers = [
  { email: "lead@demo.edgewise", name: "Lee Lead", role: "lead" },
  { email: "reviewer1@demo.edgewise", name: "Rae Reviewer", role: "reviewer" },
  { email: "reviewer2@demo.edgewise", name: "Rio Reviewer", role: "reviewer" },
] as const;

export async function createFirstAdmin(opts: { email?: string; password?: string }) {
  if ((await countUsers()) > 0) return null;
  return createUser(systemActor, {
    email: opts.email ?? "admin@edgewise.local",
    name: "Admin",
    role: "admin",
    password: opts.password,
  });
}

export async function createDemoUsers() {
  for (const u of demoUsers) await createUser(systemActor, { ...u, password: DEMO_PASSWORD });
}

/** Demo accounts that can still sign in (with the published password, unless changed). */
export async function activeDemoUsers(): Promise<string[]> {
  const emails = new Set<string>(demoUsers.map((u) => u.email));
  return (await listUsers()).filter((u) => u.active && emails.has(u.email)).map((u) => u.email);
}
