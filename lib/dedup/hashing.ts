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
