import type { ExportRow } from "./row";

// OpenAI fine-tuning, TRL SFT and Axolotl's chat_template read this as it is.

export interface ChatMessage {
  role: "user" | "assistant";
  content: string;
}

/** The prompt as a one-turn chat: verl, TRL and OpenRLHF all want a list of messages. */
export const promptChat = (row: ExportRow): ChatMessage[] => [{ role: "user", content: row.prompt }];

/** A weighted mixture puts its weight on every record; an epoch mixture repeats rows instead. */
export const withWeight = <T extends object>(record: T, row: ExportRow): T =>
  row.weight === undefined ? record : { ...record, weight: row.weight };

export function messagesRecord(row: ExportRow) {
  if (!row.response) return null;
  return withWeight({ messages: [...promptChat(row), { role: "assistant", content: row.response.text }] }, row);
}
