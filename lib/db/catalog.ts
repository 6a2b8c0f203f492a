import pg from "pg";

/**
 * A normalised description of a database's public schema (tables, columns, enums, indexes,
 * constraints). Two databases built different ways compare equal when their shapes agree.
 */
export async function describeSchema(url: string): Promise<string[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const q = async (sql: string) => (await c.query(sql)).rows.map((r) => Object.values(r).join(" | "));
    return [
      ...(await q(`select 'column', table_name, column_name, data_type, udt_name, is_nullable,
                     coalesce(column_default, '') from information_schema.columns
                   where table_schema = 'public' and table_name <> '_prisma_migrations'
                   order by table_name, column_name`)),
      ...(await q(`select 'enum', t.typname, string_agg(e.enumlabel, ',' order by e.enumsortorder)
                   from pg_type t join pg_enum e on e.enumtypid = t.oid
                   join pg_namespace n on n.oid = t.typnamespace where n.nspname = 'public'
                   group by t.typname order by t.typname`)),
      ...(await q(`select 'index', tablename, indexname, indexdef from pg_indexes
                   where schemaname = 'public' and tablename <> '_prisma_migrations'
                   order by tablename, indexname`)),
      ...(await q(`select 'constraint', conrelid::regclass::text, conname, pg_get_constraintdef(oid)
                   from pg_constraint where connamespace = 'public'::regnamespace
                     and conrelid::regclass::text <> '_prisma_migrations'
                   order by 2, 3`)),
      ...(await q(`select 'extension', extname from pg_extension order by extname`)),
    ];
  } finally {
    await c.end();
  }
}
