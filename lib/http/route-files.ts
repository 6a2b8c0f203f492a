import fs from "node:fs";
import path from "node:path";

// The route files under app/api on disk (build-time and test-time only: the running app
// reads app/api/route-index.ts, generated from this list).

export const ROUTE_INDEX = "app/api/route-index.ts";

export function apiRouteFiles(dir = "app/api"): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => {
      const p = path.posix.join(dir, e.name);
      return e.isDirectory() ? apiRouteFiles(p) : e.name === "route.ts" ? [p] : [];
    })
    .sort();
}
