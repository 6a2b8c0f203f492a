// `npm start` / `npm run dev`: runs the launcher (./serve.ts) in a process group of its own and
// relays Ctrl-C / SIGTERM to it, so the launcher stops web, worker and the embedded database
// in that order (./own-group.ts says why).
import path from "node:path";
import { runInOwnGroup } from "./own-group";

process.exit(await runInOwnGroup(path.join(import.meta.dirname, "serve.ts"), process.argv.slice(2)));
