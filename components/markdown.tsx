import ReactMarkdown from "react-markdown";
import rehypeHighlight from "rehype-highlight";
import rehypeKatex from "rehype-katex";
import remarkBreaks from "remark-breaks";
import remarkGfm from "remark-gfm";
import remarkMath from "remark-math";

// Prompts and answers are user content: react-markdown builds React elements from the
// Markdown AST and, without rehype-raw, never interprets raw HTML — `<script>` or
// `<img onerror>` in a prompt shows as text. Links are limited to http(s)/mailto.
const safeUrl = (url: string) => (/^(https?:|mailto:|#|\/)/i.test(url) ? url : "");

/** Code answers are stored bare; fence them so they render as highlighted code. */
export function asCode(text: string, lang = "python"): string {
  return /^\s*```/.test(text) ? text : "```" + lang + "\n" + text.replace(/\r\n/g, "\n") + "\n```";
}

// Prompts keep their line breaks (MCQ options, test lists): remark-breaks turns single
// newlines into <br> instead of folding them into one paragraph.
export function Markdown({ children }: { children: string }) {
  return (
    <div className="prose-ew">
      <ReactMarkdown
        remarkPlugins={[remarkGfm, remarkMath, remarkBreaks]}
        rehypePlugins={[[rehypeKatex, { throwOnError: false, strict: "ignore", trust: false }], [rehypeHighlight, { detect: true, ignoreMissing: true }]]}
        urlTransform={safeUrl}
        components={{ a: ({ href, children }) => <a href={href} rel="noopener noreferrer nofollow" target="_blank">{children}</a> }}
      >
        {children}
      </ReactMarkdown>
    </div>
  );
}
