// `npm run openapi:index`: (re)writes app/api/route-index.ts from the route files on disk, so
// GET /api/openapi.json and the /api-docs page see every route. Run it after adding a route;
// lib/http/openapi.db.test.ts fails until you do.
import fs from "node:fs";
import { routeIndexSource } from "../openapi";
import { apiRouteFiles, ROUTE_INDEX } from "../route-files";

fs.writeFileSync(ROUTE_INDEX, routeIndexSource(apiRouteFiles()));
console.log(`wrote ${ROUTE_INDEX}`);
