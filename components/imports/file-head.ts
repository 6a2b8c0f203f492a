// The first bytes of a chosen file as text, decompressed when it is gzip: enough lines for
// lib/candidates/detect-format. Never the whole file (pools are gigabytes).
const HEAD_BYTES = 64 * 1024;

export async function fileHead(file: File): Promise<string> {
  const head = file.slice(0, HEAD_BYTES);
  const bytes = new Uint8Array(await head.arrayBuffer());
  if (!(bytes[0] === 0x1f && bytes[1] === 0x8b)) return new TextDecoder().decode(bytes);
  if (typeof DecompressionStream === "undefined") return "";
  // A gzip stream cut short: read what decompresses, stop at the first error or enough text.
  const reader = file.stream().pipeThrough(new DecompressionStream("gzip")).getReader();
  const decoder = new TextDecoder();
  let text = "";
  try {
    while (text.length < HEAD_BYTES) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
  } catch {
    // truncated or corrupt: keep what was read
  } finally {
    void reader.cancel().catch(() => {});
  }
  return text;
}
