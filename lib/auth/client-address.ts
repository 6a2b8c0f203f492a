import net from "node:net";
import { env } from "@/lib/env";

// Who is on the other end of a request, for the sign-in throttle and the audit trail.
// X-Forwarded-For is whatever the client wrote unless a proxy we trust wrote it, so it counts
// only when the socket's peer is one of EDGEWISE_TRUST_PROXY; then the chain is read right to
// left, skipping our own proxies, and the first other address is the client.

const SOCKET_KEY = Symbol.for("edgewise.socketAddress");

/** The header lib/launch/socket-address.mjs stamps with the TCP peer, when it is loaded. */
export function socketAddressHeader(): string | null {
  return ((globalThis as Record<symbol, unknown>)[SOCKET_KEY] as string | undefined) ?? null;
}

function blockList(entries: string[]): net.BlockList {
  const list = new net.BlockList();
  for (const e of entries) {
    const [addr, bits] = e.split("/");
    const family = net.isIPv6(addr) ? "ipv6" : "ipv4";
    if (bits) list.addSubnet(addr, Number(bits), family);
    else list.addAddress(addr, family);
  }
  return list;
}

const plain = (a: string) => a.replace(/^::ffff:(?=\d+\.)/, ""); // IPv4 seen through an IPv6 socket
const isTrusted = (list: net.BlockList, a: string) => net.isIP(a) !== 0 && list.check(a, net.isIPv6(a) ? "ipv6" : "ipv4");

/** The client's address, or null when it cannot be known (no socket stamp: not via the launcher). */
export function clientAddress(headers: Headers, trusted: string[] = env.EDGEWISE_TRUST_PROXY): string | null {
  const header = socketAddressHeader();
  const raw = header ? headers.get(header) : null;
  if (!raw) return null;
  const peer = plain(raw);
  if (trusted.length === 0) return peer;
  const list = blockList(trusted);
  if (!isTrusted(list, peer)) return peer;
  const chain = (headers.get("x-forwarded-for") ?? "").split(",").map((s) => plain(s.trim())).filter(Boolean);
  for (let i = chain.length - 1; i >= 0; i--) {
    if (net.isIP(chain[i]) === 0) return peer; // garbage in the chain: fall back to what we know
    if (!isTrusted(list, chain[i])) return chain[i];
  }
  return peer;
}
