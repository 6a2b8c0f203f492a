import { db } from "@/lib/db/client";
import { notFound } from "@/lib/errors";

// TEMPORARY until lib/models/endpoints lands (getEndpoint): the endpoint facts scoring needs.
export interface ScoringEndpoint {
  id: number;
  name: string;
  baseUrl: string;
  model: string;
  roles: string[];
  maxConcurrent: number;
  priceInput: number;
  priceOutput: number;
}

export async function getEndpoint(id: number): Promise<ScoringEndpoint> {
  const e = await db().modelEndpoint.findUnique({ where: { id } });
  if (!e) throw notFound(`Model endpoint #${id}`);
  return e;
}
