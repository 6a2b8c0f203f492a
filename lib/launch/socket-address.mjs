// Preloaded into the web server (`node --import`, see start.ts). Next.js does not hand route
// handlers the TCP peer's address, and the X-Forwarded-For it adds is only a default that any
// client can pre-set. This stamps every request with the socket's own address, replacing
// whatever a client sent under that name; lib/auth/client-address.ts reads it.
import http from "node:http";

const HEADER = "x-edgewise-socket-address";
const emit = http.Server.prototype.emit;
http.Server.prototype.emit = function (event, req, ...rest) {
  if (event === "request" && req?.headers) req.headers[HEADER] = req.socket?.remoteAddress ?? "";
  return emit.call(this, event, req, ...rest);
};
// Tells the app the header can be believed (without this preload a client could send it).
globalThis[Symbol.for("edgewise.socketAddress")] = HEADER;
