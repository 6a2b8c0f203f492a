// Worker threads do not inherit the tsx loader the main thread was started with: register
// it, then load the TypeScript hasher (lib/dedup/hash-worker.ts).
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { register } from "tsx/esm/api";

const here = path.dirname(fileURLToPath(import.meta.url));
register({ tsconfig: path.resolve(here, "../../tsconfig.json") });
await import(pathToFileURL(path.join(here, "hash-worker.ts")).href);
