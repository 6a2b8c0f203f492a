import crypto from "node:crypto";
import { authSecret } from "@/lib/auth/secret";

// API keys typed into the UI are stored AES-256-GCM encrypted, as iv ‖ tag ‖ ciphertext, under
// a key derived (HKDF) from the auth secret: a database dump alone does not reveal them, and
// the derived key is used for nothing else. Changing the auth secret makes stored keys
// unreadable; they must then be entered again.

const IV_BYTES = 12;
const TAG_BYTES = 16;

function encryptionKey(secret = authSecret()): Buffer {
  return Buffer.from(crypto.hkdfSync("sha256", secret, "edgewise", "model-endpoint-api-key/v1", 32));
}

/** Prisma's Bytes type wants a plain ArrayBuffer-backed array, hence the copy. */
export function encryptApiKey(plain: string, secret?: string): Uint8Array<ArrayBuffer> {
  const iv = crypto.randomBytes(IV_BYTES);
  const cipher = crypto.createCipheriv("aes-256-gcm", encryptionKey(secret), iv);
  const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return new Uint8Array(Buffer.concat([iv, cipher.getAuthTag(), body]));
}

export class UndecryptableKeyError extends Error {
  constructor() {
    super("The stored API key cannot be decrypted (was the auth secret changed?); enter the key again");
    this.name = "UndecryptableKeyError";
  }
}

export function decryptApiKey(stored: Uint8Array, secret?: string): string {
  const buf = Buffer.from(stored);
  if (buf.length < IV_BYTES + TAG_BYTES) throw new UndecryptableKeyError();
  try {
    const decipher = crypto.createDecipheriv("aes-256-gcm", encryptionKey(secret), buf.subarray(0, IV_BYTES));
    decipher.setAuthTag(buf.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([decipher.update(buf.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString("utf8");
  } catch {
    throw new UndecryptableKeyError();
  }
}
