import { NextResponse, type NextRequest } from "next/server";
import { z, ZodError } from "zod";
import { AppError } from "@/lib/errors";
import { log } from "@/lib/log";

// The one route wrapper: parse the input with zod, run one lib call, map errors to responses.
// Authentication and the role check join here (not in handlers) when accounts land.

type Ctx<TParams> = { params: Promise<TParams> };

interface Spec<TQuery extends z.ZodType, TBody extends z.ZodType, TParams extends z.ZodType> {
  role?: "reviewer" | "lead" | "admin" | "public";
  query?: TQuery;
  body?: TBody;
  params?: TParams;
}

export interface Input<Q, B, P> {
  req: NextRequest;
  query: Q;
  body: B;
  params: P;
}

export function route<
  TQuery extends z.ZodType = z.ZodUndefined,
  TBody extends z.ZodType = z.ZodUndefined,
  TParams extends z.ZodType = z.ZodUndefined,
>(
  spec: Spec<TQuery, TBody, TParams>,
  handler: (input: Input<z.infer<TQuery>, z.infer<TBody>, z.infer<TParams>>) => Promise<unknown>,
) {
  return async (req: NextRequest, ctx: Ctx<unknown>) => {
    try {
      const query = spec.query
        ? spec.query.parse(Object.fromEntries(req.nextUrl.searchParams))
        : undefined;
      const body = spec.body ? spec.body.parse(await readJson(req)) : undefined;
      const params = spec.params ? spec.params.parse(await ctx.params) : undefined;
      const result = await handler({ req, query, body, params } as Input<
        z.infer<TQuery>,
        z.infer<TBody>,
        z.infer<TParams>
      >);
      if (result instanceof Response) return result;
      return NextResponse.json(result ?? { ok: true });
    } catch (err) {
      return errorResponse(err, req);
    }
  };
}

async function readJson(req: NextRequest): Promise<unknown> {
  try {
    return await req.json();
  } catch {
    throw new AppError("bad_request", "Request body must be valid JSON");
  }
}

export function errorResponse(err: unknown, req?: NextRequest): NextResponse {
  if (err instanceof ZodError) {
    const issues = err.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
    return NextResponse.json(
      { error: { code: "bad_request", message: issues.map((i) => `${i.path || "input"}: ${i.message}`).join("; "), issues } },
      { status: 400 },
    );
  }
  if (err instanceof AppError) {
    return NextResponse.json(
      { error: { code: err.code, message: err.message, details: err.details } },
      { status: err.status },
    );
  }
  log.error({ err, path: req?.nextUrl.pathname }, "unhandled error in route");
  return NextResponse.json({ error: { code: "internal", message: "Internal error" } }, { status: 500 });
}
