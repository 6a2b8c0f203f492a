// Runs once when the Next.js server starts. `npm start` has already migrated, but a web
// server started on its own (`next start` with DATABASE_URL) must bring an empty database up
// to date too; the advisory lock in migrate() keeps concurrent starters in turn.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs" || !process.env.DATABASE_URL) return;
  const { migrate } = await import("./lib/db/migrate");
  await migrate(process.env.DATABASE_URL);
}
