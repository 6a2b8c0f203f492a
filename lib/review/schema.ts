import { z } from "zod";
import { dbId } from "@/lib/db/ids";

const slug = z.string().trim().min(1).max(100);
const text = (max: number) => z.string().max(max);

export const claimSchema = z.object({
  domain: slug,
  /** Queues over other bands than teachable are for leads (e.g. "too hard: check the reference"). */
  band: z.enum(["teachable", "too_easy", "too_hard", "unverifiable"]).default("teachable"),
});

export const decisionSchema = z
  .object({
    candidateId: dbId,
    decision: z.enum(["accept", "reject", "skip"]),
    reason: text(200).optional(),
    note: text(4000).optional(),
    /** The SFT response: a sample's id, or the teacher's / the reference's own text. */
    responseId: z.union([z.coerce.bigint().positive(), z.enum(["teacher", "reference"])]).optional(),
    responseText: text(100_000).optional(),
  })
  .refine((d) => d.decision !== "reject" || !!d.reason, { message: "a rejection needs a reason", path: ["reason"] });

export const candidateRefSchema = z.object({ candidateId: dbId });

export const adjudicationSchema = z
  .object({ candidateId: dbId, decision: z.enum(["accept", "reject"]), reason: text(200).optional(), note: text(4000).optional() })
  .refine((d) => d.decision !== "reject" || !!d.reason, { message: "a rejection needs a reason", path: ["reason"] });

const band = z.enum(["teachable", "too_easy", "too_hard", "unverifiable"]);
export const statsQuerySchema = z.object({ domain: slug, band: band.default("teachable") });
export const domainQuerySchema = z.object({ domain: slug });

/** A gold item: a candidate whose right decision a lead knows. */
export const goldSchema = z.object({ candidateId: dbId, decision: z.enum(["accept", "reject"]) });

export type DecisionInput = z.infer<typeof decisionSchema>;
export type AdjudicationInput = z.infer<typeof adjudicationSchema>;
export type GoldInput = z.infer<typeof goldSchema>;
