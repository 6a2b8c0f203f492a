import { z } from "zod";
import { refuseHiddenCharacters } from "@/lib/text/names";

/** Guidelines are a page or two of text, not a handbook. */
export const MAX_GUIDELINES = 20_000;

export const answerKinds = ["math", "mcq", "exact", "code", "none"] as const;

export const slugSchema = z
  .string()
  .trim()
  .min(2, "at least 2 characters")
  .max(40, "at most 40 characters")
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "lowercase letters, digits and single dashes");

const fields = {
  name: z.string().trim().min(1, "required").max(80).superRefine(refuseHiddenCharacters),
  answerKind: z.enum(answerKinds),
  bandLow: z.number().min(0).max(1),
  bandHigh: z.number().min(0).max(1),
  quota: z.number().int().min(0).max(100_000_000),
  reviewersPerItem: z.number().int().min(1).max(5),
  consensus: z.enum(["unanimous", "majority"]),
  /** Keys 1–9 on the review screen pick them, so at most nine, each distinct. */
  rejectReasons: z
    .array(z.string().trim().min(1).max(60).superRefine(refuseHiddenCharacters))
    .min(1, "at least one reason")
    .max(9, "at most nine reasons (keys 1–9)")
    .refine((r) => new Set(r.map((x) => x.toLowerCase())).size === r.length, "reasons must be distinct"),
  reviewOrder: z.enum(["informative", "oldest", "random"]),
  goldRate: z.number().min(0).max(0.5),
  /** Jaccard similarity at or above which two prompts are near-duplicates (lib/dedup). */
  dedupThreshold: z.number().min(0.5).max(1),
  /**
   * What reviewers are asked to judge, shown as plain text on the review screen. Blank clears
   * them. Line ends are made "\n"; a NUL (which PostgreSQL text cannot hold) is refused.
   */
  reviewGuidelines: z
    .string()
    .max(MAX_GUIDELINES, `at most ${MAX_GUIDELINES.toLocaleString("en")} characters`)
    .refine((t) => !t.includes("\u0000"), "contains a NUL character")
    .transform((t) => t.replace(/\r\n?/g, "\n").trimEnd().replace(/^\n+/, ""))
    .transform((t) => (t.trim() === "" ? null : t))
    .nullable(),
};

const bandIsOpen = (d: { bandLow?: number; bandHigh?: number }) =>
  d.bandLow === undefined || d.bandHigh === undefined || d.bandLow < d.bandHigh;
const bandMessage = { message: "band low must be below band high", path: ["bandLow"] };

export const createDomainSchema = z
  .object({
    slug: slugSchema,
    name: fields.name,
    answerKind: fields.answerKind.default("math"),
    bandLow: fields.bandLow.default(0.1),
    bandHigh: fields.bandHigh.default(0.9),
    quota: fields.quota.default(0),
    reviewersPerItem: fields.reviewersPerItem.default(1),
  })
  .refine(bandIsOpen, bandMessage);

export const updateDomainSchema = z
  .object({ slug: slugSchema, ...fields })
  .partial()
  .refine(bandIsOpen, bandMessage);

export type CreateDomainInput = z.input<typeof createDomainSchema>;
export type UpdateDomainInput = z.input<typeof updateDomainSchema>;
