// Link targets in user content (prompts, answers) must not lead off-site by surprise or run
// script. Browsers strip tab/CR/LF anywhere in a URL and read `\` as `/`, so `/\t/evil` and
// `/\evil` are protocol-relative (`//evil`) once parsed: the check runs on the URL the way the
// browser will read it, then allows only same-origin paths, in-page anchors and
// absolute http(s)/mailto URLs.

const ORIGIN = "https://same-origin.invalid";

/** The target as the browser will read it when it is safe to put in an href, else "" (react-markdown then drops it). */
export function safeUrl(url: string): string {
  const raw = url.trim();
  if (raw === "") return "";
  const seen = raw.replace(/[\t\n\r]/g, "");
  if (seen.startsWith("#")) return seen;
  if (seen.startsWith("/")) {
    // A path: only if the browser resolves it on this origin (`//host`, `/\host` do not).
    if (seen[1] === "/" || seen[1] === "\\") return "";
    try {
      return new URL(seen, ORIGIN).origin === ORIGIN ? seen : "";
    } catch {
      return "";
    }
  }
  if (/^mailto:/i.test(seen)) return seen;
  if (!/^https?:/i.test(seen)) return "";
  try {
    const u = new URL(seen);
    return (u.protocol === "http:" || u.protocol === "https:") && u.host !== "" ? seen : "";
  } catch {
    return "";
  }
}
