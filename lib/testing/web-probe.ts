// A stand-in for the web server in lib/db/restart.db.test.ts: the real /api/health route
// handler and the same lib/db pools (pg and Prisma) the Next.js server uses, served over
// HTTP without a production build. Unlike Next.js it installs no process-level handlers,
// so an 'error' event nobody listens to would kill it: the test proves the pools' own
// listeners are enough.
import http from "node:http";
import { NextRequest } from "next/server";
import { GET } from "@/app/api/health/route";
import { db } from "@/lib/db/client";

const port = Number(process.argv[2] ?? 0);
const server = http.createServer(async (req, res) => {
  try {
    if (req.url === "/prisma") {
      // Keeps connections in the Prisma adapter's pool, as page loads do.
      const users = await db().user.count();
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ users }));
      return;
    }
    const r = await GET(new NextRequest(`http://127.0.0.1:${port}/api/health`), { params: Promise.resolve({}) });
    res.writeHead(r.status, { "content-type": "application/json" }).end(await r.text());
  } catch (err) {
    res.writeHead(500).end(String((err as Error).message));
  }
});
server.listen(port, "127.0.0.1", () => {
  const a = server.address();
  console.log(`probe listening ${typeof a === "object" && a ? a.port : port}`);
});
