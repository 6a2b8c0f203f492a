import type { Actor } from "@/lib/audit";
import { resetUserPassword, userIdByEmail } from "@/lib/auth/passwords";
import { roleSchema, type Role } from "@/lib/auth/roles";
import { createUser, createUserSchema, listUsers, updateUser } from "@/lib/auth/users";
import { cliActor, parse, UsageError } from "./args";
import { call, remoteFrom, type Remote } from "./remote";
import { output, table } from "./client";
import { usersHelp } from "./help.mjs";


interface UserRow {
  id: string;
  email: string;
  name: string;
  role: string;
  active: boolean;
}
type Created = UserRow & { password?: string };

/** The same account operations, on the database (lib/auth) or through the HTTP API. */
interface UserOps {
  list(): Promise<UserRow[]>;
  create(input: { email: string; name: string; role: Role; password?: string }): Promise<Created>;
  update(email: string, change: { role?: Role; active?: boolean }): Promise<UserRow>;
  resetPassword(email: string): Promise<{ id: string; email: string; password: string }>;
}

function localOps(actor: Actor): UserOps {
  return {
    list: listUsers,
    create: async (input) => ({ active: true, ...(await createUser(actor, input)) }),
    update: async (email, change) => updateUser(actor, await userIdByEmail(email), change),
    resetPassword: async (email) => resetUserPassword(actor, await userIdByEmail(email)),
  };
}

function remoteOps(remote: Remote): UserOps {
  const list = async () => (await call<{ items: UserRow[] }>(remote, "/api/users")).items;
  const idOf = async (email: string) => {
    const user = (await list()).find((u) => u.email === email.trim().toLowerCase());
    if (!user) throw new Error(`User ${email} not found`);
    return user.id;
  };
  const json = (method: string, body?: unknown) => ({ method, headers: { "content-type": "application/json" }, body: JSON.stringify(body ?? {}) });
  return {
    list,
    create: async (input) => ({ active: true, ...(await call<Omit<Created, "active">>(remote, "/api/users", json("POST", input))) }),
    update: async (email, change) => call<UserRow>(remote, `/api/users/${await idOf(email)}`, json("PATCH", change)),
    resetPassword: async (email) => call(remote, `/api/users/${await idOf(email)}/password`, json("POST")),
  };
}

/** A local command acts as the operator's OS account in the audit trail. */
export const cliAuditActor = (): Actor => ({ id: null, email: cliActor() });

export async function runUsers(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, {
    name: { type: "string" },
    role: { type: "string" },
    "password-stdin": { type: "boolean" },
    json: { type: "boolean" },
    url: { type: "string" },
    token: { type: "string" },
    help: { type: "boolean", short: "h" },
  });
  const [sub, ...args] = positionals;
  if (values.help || sub === "help") {
    console.log(usersHelp);
    return 0;
  }
  const want = (n: number, what: string) => {
    if (args.length !== n) throw new UsageError(`users ${sub} takes ${what}`);
  };
  const remote = remoteFrom({ url: values.url, token: values.token });
  const ops = remote ? remoteOps(remote) : localOps(cliAuditActor());
  const show = (u: UserRow, verb: string) => output(values.json, u, () => `${verb} ${u.email}: ${u.role}, ${u.active ? "active" : "deactivated"}`);

  switch (sub) {
    case "list": {
      want(0, "no arguments");
      const items = await ops.list();
      output(values.json, { items }, () =>
        items.length
          ? table(["EMAIL", "ROLE", "STATUS", "NAME"], items.map((u) => [u.email, u.role, u.active ? "active" : "deactivated", u.name]))
          : "No users yet: `npm start` creates the first admin.",
      );
      return 0;
    }
    case "create": {
      want(1, "EMAIL");
      const password = values["password-stdin"] ? (await readStdin()).replace(/\r?\n$/, "") : undefined;
      const input = createUserSchema.safeParse({ email: args[0], name: values.name, role: values.role ?? "reviewer", password });
      if (!input.success) throw new UsageError(input.error.issues.map((i) => `${flagOf(i.path[0])}: ${i.message}`).join("; "));
      const user = await ops.create(input.data);
      output(
        values.json,
        user,
        () => `Created ${user.email} (${user.role}).` + (user.password ? `\nPassword (shown once; pass it on securely): ${user.password}` : ""),
      );
      return 0;
    }
    case "set-role": {
      want(2, "EMAIL ROLE");
      const role = roleSchema.safeParse(args[1]);
      if (!role.success) throw new UsageError(`ROLE must be one of ${roleSchema.options.join(", ")}`);
      show(await ops.update(args[0], { role: role.data }), "Updated");
      return 0;
    }
    case "deactivate":
    case "reactivate": {
      want(1, "EMAIL");
      show(await ops.update(args[0], { active: sub === "reactivate" }), sub === "reactivate" ? "Reactivated" : "Deactivated");
      return 0;
    }
    case "reset-password": {
      want(1, "EMAIL");
      const r = await ops.resetPassword(args[0]);
      output(values.json, r, () => `New password for ${r.email} (shown once; their sessions have ended): ${r.password}`);
      return 0;
    }
    default:
      throw new UsageError(sub ? `unknown subcommand "${sub}"` : "give a subcommand");
  }
}

function flagOf(field: PropertyKey | undefined): string {
  return field === "email" ? "EMAIL" : field === "password" ? "--password-stdin" : `--${String(field)}`;
}

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) throw new UsageError('--password-stdin reads the password from a pipe, e.g. `printf %s "$PW" | edgewise users create …`');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** The commands record (commands.ts) loads this module and calls run. */
export const run = runUsers;
