import type { Metadata } from "next";
import { connection } from "next/server";
import "katex/dist/katex.min.css";
import "highlight.js/styles/github.css";
import "./globals.css";
import { Providers } from "@/components/providers";

export const metadata: Metadata = {
  title: { default: "Edgewise", template: "%s · Edgewise" },
  description: "Curate teachable training data for reasoning models",
  // public/: the .ico for browsers that ask for /favicon.ico, the SVG for the rest.
  icons: { icon: [{ url: "/favicon.ico", sizes: "16x16 32x32 48x48" }, { url: "/favicon.svg", type: "image/svg+xml" }] },
  // An internal tool (public/robots.txt disallows everything; this covers pages linked from elsewhere).
  robots: { index: false, follow: false },
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // Every page renders per request: its scripts carry that request's CSP nonce (lib/http/csp.ts).
  await connection();
  return (
    <html lang="en">
      <body>
        <Providers>{children}</Providers>
      </body>
    </html>
  );
}
