import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { env, homeDir } from "@/lib/env";

/**
 * The key that signs session cookies. Production sets EDGEWISE_AUTH_SECRET (the same on
 * every web instance); the zero-config path generates one into EDGEWISE_HOME once, readable
 * only by this user, so sessions survive restarts.
 */
export function authSecret(): string {
  if (env.EDGEWISE_AUTH_SECRET) return env.EDGEWISE_AUTH_SECRET;
  const file = path.join(homeDir, "auth-secret");
  if (fs.existsSync(file)) return fs.readFileSync(file, "utf8").trim();
  fs.mkdirSync(homeDir, { recursive: true });
  const secret = crypto.randomBytes(32).toString("base64url");
  try {
    fs.writeFileSync(file, secret, { mode: 0o600, flag: "wx" });
  } catch {
    return fs.readFileSync(file, "utf8").trim(); // another process wrote it first
  }
  return secret;
}
