import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";

// Issue 8 item 8: session cookies are `Secure` exactly when the public URL is https. Each case
// in its own process: the auth instance is built once per process from EDGEWISE_URL.
function sessionCookie(url: string | undefined) {
  const script = `const { auth } = await import("./lib/auth/server.ts");
    const c = (await auth().$context).authCookies.sessionToken;
    console.log(JSON.stringify({ name: c.name, secure: c.attributes.secure }));`;
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: "postgresql://x:y@127.0.0.1:1/none", EDGEWISE_AUTH_SECRET: "s".repeat(40) };
  if (url) env.EDGEWISE_URL = url;
  else delete env.EDGEWISE_URL;
  const r = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { env, encoding: "utf8" });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout.trim().split("\n").pop()!) as { name: string; secure: boolean };
}

describe("session cookie", () => {
  it("is Secure (and __Secure- prefixed) behind an https public URL", () => {
    expect(sessionCookie("https://edgewise.example.org")).toEqual({ name: "__Secure-better-auth.session_token", secure: true });
  });
  it("is not Secure on plain http (the default local URL), where browsers would drop it", () => {
    expect(sessionCookie(undefined)).toEqual({ name: "better-auth.session_token", secure: false });
    expect(sessionCookie("http://10.0.0.5:3000")).toEqual({ name: "better-auth.session_token", secure: false });
  });
});
