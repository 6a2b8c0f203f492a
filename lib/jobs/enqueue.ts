import { boss } from "./boss";
import { jobs, type JobName, type JobPayload } from "./definitions";

/** Validate and queue a job; returns its id. */
export async function enqueue<N extends JobName>(name: N, payload: JobPayload<N>): Promise<string> {
  const def = jobs[name];
  const data = def.payload.parse(payload);
  const id = await (await boss()).send(name, data, { ...def.options });
  if (!id) throw new Error(`pg-boss refused job ${name}`);
  return id;
}
