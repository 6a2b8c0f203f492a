import pg from "pg";

// The embedded database's role model (docs/decisions/0012): the owner role (initdb's
// superuser) runs migrations and owns every table; web, worker and CLI connect as the app
// role, which may read and write rows but not change tables — so it cannot disable the audit
// trigger, rewrite the audit trail, or reach the server's operating system (COPY … PROGRAM,
// superuser-only functions). pg-boss creates and alters its own tables at run time (a new
// queue is a new partition), so the app role owns schema `pgboss` and nothing else.

export const APP_ROLE = "edgewise_app";
export const BOSS_SCHEMA = "pgboss";

/** Tables the app role may read but never write (beyond the append-only audit trail). */
const READ_ONLY = ['"_prisma_migrations"'];
/** Rows the app role may add but never change or remove (the audit trail; frozen snapshots and mixtures, ADR 0018). */
const APPEND_ONLY = ["audit_event", "domain_snapshot", "snapshot_item", "mixture", "mixture_entry"];

/**
 * Create or update the app role and its grants; idempotent, run by the owner on every start
 * after migrations (so tables added since are covered, on top of the default privileges).
 */
export async function ensureAppRole(ownerUrl: string, password: string, role = APP_ROLE): Promise<void> {
  const client = new pg.Client({ connectionString: ownerUrl });
  client.on("error", () => {}); // a failure surfaces through the awaited queries
  await client.connect();
  try {
    const r = client.escapeIdentifier(role);
    const owner = client.escapeIdentifier((await client.query<{ u: string }>("select current_user as u")).rows[0].u);
    const dbName = client.escapeIdentifier((await client.query<{ d: string }>("select current_database() as d")).rows[0].d);
    await client.query("begin");
    // Roles are cluster-wide: two databases of one cluster (the test suite) share the role.
    await client.query("select pg_advisory_xact_lock(72707370)");
    const exists = await client.query("select 1 from pg_roles where rolname = $1", [role]);
    if (!exists.rowCount) await client.query(`create role ${r} login`);
    await client.query(
      `alter role ${r} with login nosuperuser nocreatedb nocreaterole noreplication nobypassrls password ${client.escapeLiteral(password)}`,
    );
    await client.query(`grant connect, temporary on database ${dbName} to ${r}`);
    await client.query(`grant usage on schema public to ${r}`);
    await client.query(`grant select, insert, update, delete on all tables in schema public to ${r}`);
    await client.query(`grant usage, select, update on all sequences in schema public to ${r}`);
    await client.query(`alter default privileges for role ${owner} in schema public grant select, insert, update, delete on tables to ${r}`);
    await client.query(`alter default privileges for role ${owner} in schema public grant usage, select, update on sequences to ${r}`);
    for (const t of READ_ONLY) await client.query(`revoke insert, update, delete, truncate on ${t} from ${r}`);
    for (const t of APPEND_ONLY) await client.query(`revoke update, delete, truncate on ${t} from ${r}`);
    await giveBossSchema(client, role);
    await client.query("commit");
  } catch (err) {
    await client.query("rollback").catch(() => {});
    throw err;
  } finally {
    await client.end();
  }
}

/**
 * The app role owns schema pgboss. A database set up before this role model has it (and every
 * table, function and type in it) owned by the owner role: hand them over, jobs kept.
 */
async function giveBossSchema(client: pg.Client, roleName: string): Promise<void> {
  const s = client.escapeIdentifier(BOSS_SCHEMA);
  const role = client.escapeIdentifier(roleName);
  const name = client.escapeLiteral(roleName);
  const ident = client.escapeLiteral(role); // for format('%s'): the quoted identifier
  const found = await client.query<{ owner: string }>(
    "select pg_get_userbyid(nspowner) as owner from pg_namespace where nspname = $1",
    [BOSS_SCHEMA],
  );
  if (!found.rowCount) return void (await client.query(`create schema ${s} authorization ${role}`));
  await client.query(`alter schema ${s} owner to ${role}`);
  // Relations (sequences owned by a column follow their table), then routines and types.
  await client.query(`do $$ declare o record; begin
    for o in select c.oid::regclass as name, c.relkind from pg_class c
              where c.relnamespace = '${BOSS_SCHEMA}'::regnamespace and c.relkind in ('r', 'p', 'v', 'm', 'f', 'S')
                and pg_get_userbyid(c.relowner) <> ${name}
                and not (c.relkind = 'S' and exists (select 1 from pg_depend d where d.objid = c.oid and d.deptype in ('a', 'i')))
    loop
      execute format('alter %s %s owner to %s',
        case o.relkind when 'S' then 'sequence' when 'v' then 'view' when 'm' then 'materialized view'
                       when 'f' then 'foreign table' else 'table' end, o.name, ${ident});
    end loop;
    for o in select p.oid::regprocedure as name, p.prokind from pg_proc p
              where p.pronamespace = '${BOSS_SCHEMA}'::regnamespace and pg_get_userbyid(p.proowner) <> ${name} loop
      execute format('alter %s %s owner to %s', case o.prokind when 'p' then 'procedure' else 'function' end, o.name, ${ident});
    end loop;
    for o in select t.oid::regtype as name from pg_type t
              where t.typnamespace = '${BOSS_SCHEMA}'::regnamespace and t.typtype in ('e', 'd') and pg_get_userbyid(t.typowner) <> ${name} loop
      execute format('alter type %s owner to %s', o.name, ${ident});
    end loop;
  end $$`);
}

/** The app role's URL: the owner's, with the role's name and password. */
export function appRoleUrl(ownerUrl: string, password: string, role = APP_ROLE): string {
  const u = new URL(ownerUrl);
  u.username = role;
  u.password = encodeURIComponent(password);
  return u.toString();
}
