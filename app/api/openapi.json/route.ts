import { openApiDocument } from "@/lib/http/openapi";
import { route } from "@/lib/http/route";
import pkg from "@/package.json";
// eslint-disable-next-line import-x/no-cycle -- the index lists this route too; it is read on request only
import { apiRoutes } from "../route-index";

export const dynamic = "force-dynamic";

// The OpenAPI 3.1 document of this API, generated from the routes' own zod schemas. Built on
// first request (the route index imports this module too). Signed-in users and API tokens.
let document: object | null = null;

export const GET = route({}, async (): Promise<object> => (document ??= openApiDocument(apiRoutes, pkg.version)));
