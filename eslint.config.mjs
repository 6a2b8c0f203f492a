// ESLint checks the module edges ARCHITECTURE.md describes, not style (Prettier owns layout:
// `npm run format:check`). Three rules:
//   import-x/no-cycle          no import cycles (it skips type-only imports, which vanish at runtime)
//   no-restricted-imports      app/ and components/ never import lib/db or Prisma
//   edgewise/domain-entry      inside lib/, a domain with an entry module (index.ts) is imported
//                              only through it by other domains; its other files are internal.
//                              Domains without an index.ts yet are not checked (README lists them)
import fs from "node:fs";
import path from "node:path";
import { createTypeScriptImportResolver } from "eslint-import-resolver-typescript";
import importX from "eslint-plugin-import-x";
import tseslint from "typescript-eslint";

const root = path.dirname(new URL(import.meta.url).pathname);

/** "lib/<domain>/<rest>" of an import, resolved from the importing file; null outside lib/. */
function libTarget(specifier, fromFile) {
  let p;
  if (specifier.startsWith("@/")) p = specifier.slice(2);
  else if (specifier.startsWith(".")) p = path.relative(root, path.resolve(path.dirname(fromFile), specifier));
  else return null;
  const m = /^lib\/([^/]+)(?:\/(.+))?$/.exec(p.split(path.sep).join("/"));
  return m ? { domain: m[1], rest: (m[2] ?? "").replace(/\.(ts|tsx|mjs|js)$/, "") } : null;
}

const hasEntry = new Map();
const entryExists = (domain) => {
  if (!hasEntry.has(domain)) hasEntry.set(domain, fs.existsSync(path.join(root, "lib", domain, "index.ts")));
  return hasEntry.get(domain);
};

const domainEntry = {
  meta: {
    type: "problem",
    docs: { description: "Import another lib/<domain> through its entry module (index.ts), not its internal files." },
    messages: { internal: 'lib/{{domain}} has an entry module: import "@/lib/{{domain}}", not its internal file "{{specifier}}".' },
    schema: [],
  },
  create(context) {
    const file = path.relative(root, context.filename).split(path.sep).join("/");
    const own = /^lib\/([^/]+)\//.exec(file)?.[1] ?? null;
    const check = (node) => {
      const specifier = node.source?.value;
      if (typeof specifier !== "string") return;
      const target = libTarget(specifier, context.filename);
      if (!target || target.domain === own || target.rest === "" || target.rest === "index") return;
      if (target.rest === "test-fixtures") return; // a domain's second, test-only entry
      // A domain's zod schemas and plain types are its contract (no I/O): the CLI's remote
      // commands parse with them without loading the database through index.ts.
      if (target.rest === "schema" || target.rest === "types") return;
      // lib/dedup/run: the entry for processes that run passes (worker, CLI, bench); the web
      // server must not bundle the hashing threads it starts (ADR 0022).
      if (target.domain === "dedup" && target.rest === "run") return;
      if (!entryExists(target.domain)) return; // no entry module yet: nothing is internal
      context.report({ node: node.source, messageId: "internal", data: { domain: target.domain, specifier } });
    };
    return { ImportDeclaration: check, ExportNamedDeclaration: check, ExportAllDeclaration: check, ImportExpression: check };
  },
};

export default [
  { ignores: ["node_modules/**", ".next/**", ".edgewise/**", "lib/db/generated/**", "bench/data/**", "test-results/**", "playwright-report/**", "**/*.d.ts"] },
  {
    files: ["**/*.{ts,tsx,mts,mjs,js}"],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { ecmaVersion: "latest", sourceType: "module", ecmaFeatures: { jsx: true } },
    },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    plugins: { "import-x": importX, edgewise: { rules: { "domain-entry": domainEntry } } },
    settings: {
      // import-x reads dependencies' imports only from files with these extensions, parsed so.
      ...importX.flatConfigs.typescript.settings,
      "import-x/resolver": undefined,
      "import-x/resolver-next": [createTypeScriptImportResolver({ project: path.join(root, "tsconfig.json") })],
    },
    rules: { "import-x/no-cycle": ["error", { ignoreExternal: true }] },
  },
  {
    // lib/ only: client components import a domain's browser-safe files (types, pure
    // functions) directly, because its index.ts also loads the database.
    files: ["lib/**/*.{ts,tsx,mts,mjs}"],
    rules: { "edgewise/domain-entry": "error" },
  },
  {
    files: ["app/**/*.{ts,tsx}", "components/**/*.{ts,tsx}"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              // lib/db/ids (id bounds and their zod schema, no database access) is allowed.
              regex: "^(@/lib/db|(\\.\\./)+lib/db)(/(?!ids$)|$)|^@prisma/|^\\.prisma/",
              message: "app/ and components/ reach the database only through a lib/<domain> function (ARCHITECTURE.md), never lib/db or Prisma.",
            },
          ],
        },
      ],
    },
  },
];
