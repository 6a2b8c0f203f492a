import os from "node:os";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { hashPages } from "./hashing";

// Hashing on worker threads: a big pass hashes pages of prompts on other cores while this
// thread reads the next pages from PostgreSQL. Small passes hash in-process (a thread costs
// ~0.5 s to start with the TypeScript loader).

// Resolved when a thread starts, never at module load: the web server's bundle imports lib/dedup
// (cards, counts, queueing) but never hashes, and has no meaningful import.meta.dirname.
const boot = () => path.join(import.meta.dirname, "hash-worker-boot.mjs");

export interface Hasher {
  hash(prompts: string[]): Promise<{ bands: Uint32Array; counts: Int32Array }>;
  close(): Promise<void>;
}

export const inProcessHasher: Hasher = {
  hash: async (prompts) => hashPages(prompts),
  close: async () => {},
};

/** Threads for `total` prompts: none below THREADS_FROM, else HASH_THREADS. */
export const THREADS_FROM = 50_000;

/**
 * One thread, with a small young generation: it hashes while this thread reads the next pages
 * (and PostgreSQL sends them). Measured hashing 200k pool prompts: two threads with V8's
 * default heaps took the process 159 MB above its resting RSS (3.9 s), one thread 140 MB
 * (5.7 s), one thread with an 8 MB young generation 100 MB (4.2 s, its scavenges are no
 * slower). At 1.4M the second thread put the pass's peak over 512 MB (bench:dedup 529–538 MB,
 * all of it in the hashing phase) for a few seconds of a pass that takes about a minute.
 */
const HASH_THREADS = 1;

export function hasherFor(total: number): Hasher {
  const n = total < THREADS_FROM ? 0 : Math.min(HASH_THREADS, Math.max(1, os.availableParallelism()));
  return n === 0 ? inProcessHasher : new ThreadHasher(n);
}

type Reply = { id: number; bands: Uint32Array; counts: Int32Array };

class ThreadHasher implements Hasher {
  private workers: Worker[];
  private next = 0;
  private seq = 0;
  private waiting = new Map<number, { resolve: (r: Reply) => void; reject: (e: Error) => void }>();

  constructor(n: number) {
    this.workers = Array.from({ length: n }, () => {
      const w = new Worker(boot(), { resourceLimits: { maxOldGenerationSizeMb: 96, maxYoungGenerationSizeMb: 8 } });
      w.on("message", (r: Reply) => {
        this.waiting.get(r.id)?.resolve(r);
        this.waiting.delete(r.id);
      });
      w.on("error", (err) => this.failAll(err));
      w.on("exit", (code) => code !== 0 && this.failAll(new Error(`a hashing thread stopped (exit ${code})`)));
      return w;
    });
  }

  private failAll(err: Error): void {
    for (const w of this.waiting.values()) w.reject(err);
    this.waiting.clear();
  }

  hash(prompts: string[]): Promise<Reply> {
    const id = ++this.seq;
    const worker = this.workers[this.next++ % this.workers.length];
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      worker.postMessage({ id, prompts });
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
