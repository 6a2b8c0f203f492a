/**
 * A Bloom filter over prompt hashes already written by this import: "definitely not seen" or
 * "maybe seen". It lets a fresh domain's rows go straight into COPY while only the few "maybe"
 * rows (in-file duplicates, ~0.03 % false positives at 1.4M rows) are looked up in the index.
 * 64 Mbit = 8 MiB whatever the file size, where a Set of 1.4M hashes would take ~150 MB.
 */
export class SeenFilter {
  private readonly bits = new Uint32Array(BITS / 32);

  /** Adds the key; returns whether it may have been added before. */
  testAndAdd(key: Buffer): boolean {
    let seen = true;
    // sha256 output is uniform: three 32-bit words of it are three independent hash functions.
    for (let i = 0; i < PROBES; i++) {
      const bit = key.readUInt32BE(i * 4) & (BITS - 1);
      const word = bit >>> 5;
      const mask = 1 << (bit & 31);
      if ((this.bits[word] & mask) === 0) {
        seen = false;
        this.bits[word] |= mask;
      }
    }
    return seen;
  }
}

const BITS = 1 << 26;
const PROBES = 3;
