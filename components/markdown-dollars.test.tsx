import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Markdown } from "./markdown";
import { escapeLiteralDollars } from "./markdown-dollars";

const render = (md: string) => renderToStaticMarkup(<Markdown>{md}</Markdown>);
const katexCount = (html: string) => html.split('class="katex"').length - 1;

describe("dollars: prices stay prices, formulas stay math", () => {
  it.each([
    ["He earned $20, $60, $15, and $40 last week.", 0],
    ["A pen costs $5 and a book costs $10.", 0],
    ["It costs $3.50.", 0],
    ["between $1 and $2 each", 0],
    ["Compute $2^{10}$ and $x+1$.", 2],
    ["The answer is $\\frac{5}{6}$", 1],
    ["Spend $5 on $x$ apples", 1],
  ])("%s → %i formulas", (md, formulas) => {
    const html = render(md);
    expect(katexCount(html)).toBe(formulas);
    if (formulas === 0) expect(html.match(/\$/g)?.length).toBe(md.match(/\$/g)?.length); // every dollar shown
  });

  it("shows the demo's GSM8K wording verbatim", () => {
    const html = render("Tim's income was $20, $60, $15, and $40 on four days.");
    expect(html).toContain("$20, $60, $15, and $40");
  });

  it("leaves code, display math and escaped dollars alone", () => {
    expect(escapeLiteralDollars("`echo $HOME $PATH`")).toBe("`echo $HOME $PATH`");
    expect(escapeLiteralDollars("```sh\ncost=$5\necho $cost\n```")).toBe("```sh\ncost=$5\necho $cost\n```");
    expect(escapeLiteralDollars("$$\n\\frac{1}{3}\n$$ costs $5")).toBe("$$\n\\frac{1}{3}\n$$ costs \\$5");
    expect(escapeLiteralDollars("a \\$5 b")).toBe("a \\$5 b");
    expect(escapeLiteralDollars("no dollars")).toBe("no dollars");
  });
});
