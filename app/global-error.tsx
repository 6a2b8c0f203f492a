"use client";

import { useAutoRetry } from "@/components/ui/auto-retry";

const reload = () => window.location.reload();

// Last resort when the root layout itself fails: it replaces the whole document, so it
// brings its own <html> and plain inline styles (the stylesheet may be what failed).
export default function GlobalError({ error }: { error: Error & { digest?: string } }) {
  // The root layout failed, so nothing of the page survives: retry with a whole reload.
  const left = useAutoRetry(reload);
  return (
    <html lang="en">
      <body style={{ fontFamily: "system-ui, sans-serif", display: "grid", placeItems: "center", minHeight: "100vh", margin: 0, color: "#18181b" }}>
        <div style={{ textAlign: "center", maxWidth: 420 }}>
          <h1 style={{ fontSize: 18 }}>Edgewise hit an unexpected error</h1>
          <p style={{ fontSize: 14, color: "#52525b" }}>It was logged{error.digest ? ` (ref ${error.digest})` : ""}. If the server or its database is restarting, this page comes back by itself: trying again in {left} s.</p>
          <button onClick={reload} style={{ marginTop: 12, padding: "6px 12px", border: "1px solid #d4d4d8", borderRadius: 6, background: "#fff", cursor: "pointer" }}>
            Try again now
          </button>
        </div>
      </body>
    </html>
  );
}
