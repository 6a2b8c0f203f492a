import { BANDS, ROWS, bandHashes, signature } from "./minhash";
import { shingleSet } from "./shingles";

// Prompt → LSH bands, the per-candidate work of a pass (pure, no I/O).

const sig = new Int32Array(BANDS * ROWS); // reused between prompts

/** Writes the prompt's BANDS band hashes at out[offset…]; returns its shingle count (0: no bands). */
export function hashPrompt(prompt: string, out: Uint32Array, offset: number): number {
  const shingles = shingleSet(prompt);
  if (shingles.length === 0) return 0;
  bandHashes(signature(shingles, sig), out, offset);
  return shingles.length;
}

/** A page of prompts: BANDS hashes each (row-major) and their shingle counts. */
export function hashPages(prompts: string[]): { bands: Uint32Array<ArrayBuffer>; counts: Int32Array<ArrayBuffer> } {
  const bands = new Uint32Array(prompts.length * BANDS);
  const counts = new Int32Array(prompts.length);
  for (let i = 0; i < prompts.length; i++) counts[i] = hashPrompt(prompts[i], bands, i * BANDS);
  return { bands, counts };
}
