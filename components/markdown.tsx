import ReactMarkdown from "react-markdown";
import rehypeHighlight from "rehype-highlight";
import rehypeKatex from "rehype-katex";
import remarkBreaks from "remark-breaks";
import remarkGfm from "remark-gfm";
import remarkMath from "remark-math";
import { safeUrl } from "@/lib/text/safe-url";
import { escapeLiteralDollars } from "./markdown-dollars";

// Prompts and answers are user content: react-markdown builds React elements from the
// Markdown AST and, without rehype-raw, never interprets raw HTML — `<script>` or
// `<img onerror>` in a prompt shows as text. Links are limited by safeUrl.

// KaTeX obeys whatever sizes a formula asks for: `\rule{100000em}{100000em}` made a page
// 1.7M px wide. User sizes are capped at MATH_MAX_EM ems and macro expansion at
// MATH_MAX_EXPAND steps (a `\def` bomb renders as an error instead of hanging the page);
// negative sizes (`\kern-9999em` inside `\colorbox`) are not capped by KaTeX, so the
// .prose-ew wrapper also clips its paint (app/globals.css) and nothing lands on other panels.
export const MATH_MAX_EM = 20;
export const MATH_MAX_EXPAND = 500;
const katexOptions = { throwOnError: false, strict: "ignore", trust: false, maxSize: MATH_MAX_EM, maxExpand: MATH_MAX_EXPAND } as const;

/** Code answers are stored bare; fence them so they render as highlighted code. */
export function asCode(text: string, lang = "python"): string {
  return /^\s*```/.test(text) ? text : "```" + lang + "\n" + text.replace(/\r\n/g, "\n") + "\n```";
}

type MdNode = {
  type: string;
  value?: string;
  children?: MdNode[];
  data?: { hProperties?: { className?: string[] } };
  position?: { start: { offset?: number } };
};

/**
 * Datasets often write display math as `$$…$$` on one line, which remark-math reads as
 * inline math. A paragraph that holds nothing but one formula is shown as display math, and
 * so is a paragraph of nothing but `$$…$$` formulas, one after another (a derivation written
 * a line per step): inline, their fractions were squeezed and overlapped the next line.
 */
function remarkLoneMathAsDisplay() {
  return (tree: MdNode, file: { value?: unknown }) => {
    const source = String(file.value ?? "");
    const fenced = (n: MdNode) => n.type === "inlineMath" && source.startsWith("$$", n.position?.start.offset ?? -1);
    const walk = (node: MdNode) => {
      for (const child of node.children ?? []) {
        const parts = child.type === "paragraph" ? (child.children ?? []).filter((c) => !(c.type === "text" && !c.value?.trim())) : [];
        const display = (parts.length === 1 && parts[0].type === "inlineMath") || (parts.length > 1 && parts.every(fenced)) ? parts : [];
        if (display.length) for (const m of display) { if (m.data?.hProperties) m.data.hProperties.className = ["language-math", "math-display"]; }
        else walk(child);
      }
    };
    walk(tree);
  };
}

/** Images become links: a prompt must not make the browser fetch arbitrary URLs. */
function ImageAsLink({ src, alt }: { src?: string | Blob; alt?: string }) {
  const href = typeof src === "string" ? src : undefined;
  return <a href={href} rel="noopener noreferrer nofollow" target="_blank">[image: {alt || href}]</a>;
}

// Prompts keep their line breaks (MCQ options, test lists): remark-breaks turns single
// newlines into <br> instead of folding them into one paragraph.
export function Markdown({ children }: { children: string }) {
  return (
    <div className="prose-ew">
      <ReactMarkdown
        remarkPlugins={[remarkGfm, remarkMath, remarkLoneMathAsDisplay, remarkBreaks]}
        rehypePlugins={[[rehypeKatex, katexOptions], [rehypeHighlight, { detect: true, ignoreMissing: true }]]}
        urlTransform={safeUrl}
        components={{
          a: ({ href, children }) => <a href={href} rel="noopener noreferrer nofollow" target="_blank">{children}</a>,
          img: ImageAsLink,
        }}
      >
        {escapeLiteralDollars(children)}
      </ReactMarkdown>
    </div>
  );
}
