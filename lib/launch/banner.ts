/** Lines in a box drawn with box-drawing characters: the one thing on the terminal meant to be copied. */
export function box(lines: string[]): string {
  const width = Math.max(...lines.map((l) => l.length));
  const edge = "─".repeat(width + 2);
  return [`┌${edge}┐`, ...lines.map((l) => `│ ${l.padEnd(width)} │`), `└${edge}┘`].join("\n");
}

/** What the launcher shows about the first admin while nobody has signed in with it. */
export function adminCredentialLines(c: { email: string; password: string; file: string; url: string; fresh: boolean }): string[] {
  return [
    c.fresh ? "First run: created the admin account" : "The admin account has not signed in yet",
    "",
    `  sign in at  ${c.url}/login`,
    `  email       ${c.email}`,
    `  password    ${c.password}`,
    "",
    `Also in ${c.file} (mode 0600),`,
    "deleted at this admin's first sign-in. Change the password",
    "under Settings > Account; lost it? npx edgewise users reset-password EMAIL",
  ];
}
