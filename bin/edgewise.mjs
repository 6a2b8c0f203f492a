#!/usr/bin/env node
// `npx edgewise …`: runs lib/cli/main.ts through tsx from the project root, so the CLI uses
// exactly the lib/ code the web and worker use. File arguments are resolved against the
// caller's folder first.
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { register } from "tsx/esm/api";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
process.env.EDGEWISE_CALLER_CWD = process.cwd();
process.chdir(root);
register({ tsconfig: path.join(root, "tsconfig.json") });
await import(pathToFileURL(path.join(root, "lib/cli/main.ts")).href);
