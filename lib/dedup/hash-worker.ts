import { parentPort } from "node:worker_threads";
import { hashPages } from "./hashing";

// A hashing thread: pages of prompts in, their bands and shingle counts out (transferred).
parentPort!.on("message", (m: { id: number; prompts: string[] }) => {
  const { bands, counts } = hashPages(m.prompts);
  parentPort!.postMessage({ id: m.id, bands, counts }, [bands.buffer, counts.buffer]);
});
