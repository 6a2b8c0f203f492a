import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { asCode, Markdown, MATH_MAX_EM } from "./markdown";

// Prompts and answers are untrusted (imported pools). Whatever HTML they carry must reach
// the page as text, never as elements or attributes.
const render = (md: string) => renderToStaticMarkup(<Markdown>{md}</Markdown>);

describe("Markdown", () => {
  it("shows <script> and <img onerror> as text", () => {
    const html = render('Hi <script>window.__pwned=1</script> and <img src=x onerror="window.__pwned=2">');
    expect(html).not.toContain("<script");
    expect(html).not.toContain("<img");
    expect(html).toContain("&lt;script&gt;window.__pwned=1&lt;/script&gt;");
    expect(html).toContain("&lt;img src=x onerror=&quot;window.__pwned=2&quot;&gt;");
  });

  it("keeps block HTML, iframes and event handlers inert too", () => {
    const html = render('<div onclick="x()">a</div>\n\n<iframe src="https://evil.example"></iframe>\n\n<svg onload="x()"></svg>');
    for (const tag of ["<div onclick", "<iframe", "<svg"]) expect(html).not.toContain(tag);
    expect(html).toContain("&lt;iframe");
  });

  it("drops javascript: and data: link targets but keeps http links", () => {
    const html = render("[a](javascript:alert(1)) [b](data:text/html,<b>x</b>) [c](https://example.com)");
    expect(html).not.toMatch(/href="(javascript|data):/i);
    expect(html).toContain('href="https://example.com"');
    expect(html).toContain('rel="noopener noreferrer nofollow"');
  });

  it("shows Markdown images as links, so a prompt cannot make the page fetch a URL", () => {
    const html = render("![chart](https://tracker.example/p.png)");
    expect(html).not.toContain("<img");
    expect(html).not.toContain("preload");
    expect(html).toContain('href="https://tracker.example/p.png"');
    expect(html).toContain("[image: chart]");
  });

  it("renders inline and display math with KaTeX, and highlights code", () => {
    const html = render("Solve $x^2 = 4$.\n\n$$\n\\frac{1}{3}\n$$\n\n```python\ndef f():\n    return 1\n```");
    expect(html).toContain('class="katex"');
    expect(html).toContain("katex-display");
    expect(html).toContain("hljs-keyword");
  });

  it("shows a formula alone in its paragraph as display math, even on one line", () => {
    expect(render("Then:\n\n$$\\int_0^1 x\\,dx$$\n\nso")).toContain("katex-display");
    expect(render("inline $$x$$ stays inline")).not.toContain("katex-display");
  });

  it("shows a run of $$…$$ lines as display math, one formula each", () => {
    const html = render("$$\\frac{a}{b} = 1$$\n$$\\frac{c}{d} = 2$$\n$$e = 3$$");
    expect(html.match(/katex-display/g)).toHaveLength(3);
    expect(render("$$a$$ and $$b$$")).not.toContain("katex-display"); // words between: inline
    expect(render("$a$\n$b$")).not.toContain("katex-display"); // single dollars: inline
  });

  it("fences bare code answers once", () => {
    expect(asCode("print(1)")).toBe("```python\nprint(1)\n```");
    expect(asCode("```js\nx\n```")).toBe("```js\nx\n```");
  });
});

describe("Markdown math limits", () => {
  // Every em length KaTeX wrote into a style attribute, e.g. border-right-width:100000em.
  const emSizes = (html: string) => [...html.matchAll(/:\s*(-?[\d.]+)em/g)].map((m) => Number(m[1]));

  it("caps user-specified sizes (\\rule, \\colorbox, \\hspace) at maxSize ems", () => {
    const html = render("$\\rule{100000em}{100000em}$ and $\\colorbox{red}{\\rule{5000em}{5000em}}$ and $a\\hspace{100000em}b$");
    const sizes = emSizes(html);
    expect(sizes.length).toBeGreaterThan(0);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(MATH_MAX_EM + 5); // + the font's own struts
    expect(html).not.toMatch(/(style|width|height)="[^"]*[^\d.]\d{3,}(\.\d+)?em/); // the TeX source stays in the annotation
  });

  it("stops a macro bomb with an error in place instead of expanding it", () => {
    const bomb = "$\\def\\a{xx}\\def\\b{\\a\\a\\a\\a}\\def\\c{\\b\\b\\b\\b}\\def\\d{\\c\\c\\c\\c}\\def\\e{\\d\\d\\d\\d}\\e\\e$";
    const html = render(bomb);
    expect(html).toContain("katex-error");
    expect(html.length).toBeLessThan(20_000);
  });
});
