import fs from "node:fs";
import path from "node:path";
import { homeDir } from "@/lib/env";

// The first admin's generated password, kept in $EDGEWISE_HOME/admin-credentials (0600, like
// an SSH key) from first start until that admin signs in, changes or gets a reset password:
// a terminal that scrolled, or a launcher run as a service, loses nothing.

export const adminCredentialsFile = () => path.join(homeDir, "admin-credentials");

export interface AdminCredentials {
  email: string;
  password: string;
}

export function saveAdminCredentials(c: AdminCredentials & { url: string }): string {
  const file = adminCredentialsFile();
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const text = [
    "# Edgewise: the first admin account, created on first start.",
    `# Sign in at ${c.url}, then change the password under Settings > Account.`,
    "# Edgewise deletes this file at that admin's first sign-in.",
    `email: ${c.email}`,
    `password: ${c.password}`,
    "",
  ].join("\n");
  fs.writeFileSync(file, text, { mode: 0o600 });
  fs.chmodSync(file, 0o600); // an older file keeps its mode through writeFileSync
  return file;
}

/** The pending credentials, or null when there are none (or the file is not one of ours). */
export function readAdminCredentials(): AdminCredentials | null {
  let text: string;
  try {
    text = fs.readFileSync(adminCredentialsFile(), "utf8");
  } catch {
    return null;
  }
  const email = /^email: (.+)$/m.exec(text)?.[1];
  const password = /^password: (.+)$/m.exec(text)?.[1];
  return email && password ? { email, password } : null;
}

/** This account signed in or got a new password: the file has served its purpose. */
export function forgetAdminCredentials(email: string): void {
  if (readAdminCredentials()?.email !== email.toLowerCase()) return;
  fs.rmSync(adminCredentialsFile(), { force: true });
}
