import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it, vi } from "vitest";

// lib/env reads EDGEWISE_HOME when first imported: point it at a scratch folder before that.
const home = vi.hoisted(() => {
  const dir = require("node:fs").mkdtempSync(require("node:path").join(require("node:os").tmpdir(), "ew-home-"));
  process.env.EDGEWISE_HOME = dir;
  return dir as string;
});

import { systemActor } from "@/lib/audit";
import { signIn } from "@/lib/testing/auth-requests";
import { useMigratedDatabase } from "@/lib/testing/db";
import { adminCredentialsFile, readAdminCredentials, saveAdminCredentials } from "./admin-credentials";
import { createFirstAdmin } from "./bootstrap";
import { resetUserPassword, userIdByEmail } from "./passwords";
import { createUser } from "./users";

beforeAll(async () => {
  await useMigratedDatabase();
});

describe("the first admin's credentials file", () => {
  it("is private (0600) under EDGEWISE_HOME and goes away at that admin's first sign-in, not another's", async () => {
    const admin = (await createFirstAdmin({ email: "first@example.com" }))!;
    const file = saveAdminCredentials({ email: admin.email, password: admin.password!, url: "http://localhost:3000" });
    expect(file).toBe(path.join(home, "admin-credentials"));
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(readAdminCredentials()).toEqual({ email: "first@example.com", password: admin.password });

    await createUser(systemActor, { email: "other@example.com", name: "O", role: "lead", password: "other-password" });
    expect((await signIn("other@example.com", "other-password")).status).toBe(200);
    expect(fs.existsSync(file)).toBe(true);
    expect((await signIn("first@example.com", "a wrong password")).status).toBe(401);
    expect(fs.existsSync(file)).toBe(true);

    expect((await signIn("first@example.com", admin.password!)).status).toBe(200);
    expect(fs.existsSync(adminCredentialsFile())).toBe(false);
  });

  it("goes away when the admin's password is reset (it would be stale)", async () => {
    const file = saveAdminCredentials({ email: "first@example.com", password: "old", url: "http://localhost:3000" });
    fs.chmodSync(file, 0o644);
    saveAdminCredentials({ email: "first@example.com", password: "old", url: "http://localhost:3000" });
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    await resetUserPassword(systemActor, await userIdByEmail("first@example.com"));
    expect(fs.existsSync(file)).toBe(false);
  });
});
