import { createApiToken, createTokenSchema, listAllApiTokens, listApiTokens, principalByEmail, revokeAnyApiToken } from "@/lib/auth/tokens";
import { dbId } from "@/lib/db/ids";
import { parse, UsageError } from "./args";
import { call, remoteFrom } from "./remote";
import { minute, output, table } from "./client";
import { cliAuditActor } from "./users";
import { tokensHelp } from "./help.mjs";

interface TokenRow {
  id: number;
  name: string;
  prefix: string;
  createdAt: Date | string;
  lastUsedAt: Date | string | null;
  revokedAt: Date | string | null;
  owner?: string;
}

export async function runTokens(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, {
    user: { type: "string" },
    json: { type: "boolean" },
    url: { type: "string" },
    token: { type: "string" },
    help: { type: "boolean", short: "h" },
  });
  const [sub, ...args] = positionals;
  if (values.help || sub === "help") {
    console.log(tokensHelp);
    return 0;
  }
  const remote = remoteFrom({ url: values.url, token: values.token });
  if (remote && values.user) throw new UsageError("--user works on the server without a token; a token manages its own user's tokens");
  const want = (n: number, what: string) => {
    if (args.length !== n) throw new UsageError(`tokens ${sub} takes ${what}`);
  };
  const json = (method: string, body?: unknown) => ({ method, headers: { "content-type": "application/json" }, body: body ? JSON.stringify(body) : undefined });

  switch (sub) {
    case "list": {
      want(0, "no arguments");
      const items: TokenRow[] = remote
        ? (await call<{ items: TokenRow[] }>(remote, "/api/tokens")).items
        : values.user
          ? (await listApiTokens(await principalByEmail(values.user))).map((t) => ({ ...t, owner: values.user!.toLowerCase() }))
          : await listAllApiTokens();
      output(values.json, { items }, () =>
        items.length
          ? table(
              ["ID", "PREFIX", "STATUS", "LAST USED", ...(remote ? [] : ["OWNER"]), "NAME"],
              items.map((t) => [
                String(t.id),
                `${t.prefix}…`,
                t.revokedAt ? "revoked" : "active",
                t.lastUsedAt ? minute(t.lastUsedAt) : "never",
                ...(remote ? [] : [t.owner ?? ""]),
                t.name,
              ]),
            )
          : "No API tokens. Create one with: edgewise tokens create NAME" + (remote ? "" : " --user EMAIL"),
      );
      return 0;
    }
    case "create": {
      want(1, "NAME");
      const input = createTokenSchema.safeParse({ name: args[0] });
      if (!input.success) throw new UsageError(`NAME: ${input.error.issues[0].message}`);
      if (!remote && !values.user) throw new UsageError("on the server (no token) give --user EMAIL: whose token it is");
      const created = remote
        ? await call<TokenRow & { token: string }>(remote, "/api/tokens", json("POST", input.data))
        : await createApiToken(await principalByEmail(values.user!), input.data, cliAuditActor());
      output(values.json, created, () => `Created token #${created.id} "${created.name}" (shown once; store it as a secret):\n${created.token}`);
      return 0;
    }
    case "revoke": {
      want(1, "ID");
      const id = dbId.safeParse(args[0]);
      if (!id.success) throw new UsageError("ID must be a token id (a number: see `edgewise tokens list`)");
      if (remote) await call(remote, `/api/tokens/${id.data}`, json("DELETE"));
      else await revokeAnyApiToken(cliAuditActor(), id.data);
      output(values.json, { id: id.data, revoked: true }, () => `Revoked token #${id.data}.`);
      return 0;
    }
    default:
      throw new UsageError(sub ? `unknown subcommand "${sub}"` : "give a subcommand");
  }
}

/** The commands record (commands.ts) loads this module and calls run. */
export const run = runTokens;
