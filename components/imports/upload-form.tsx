"use client";
import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { Field, FormError, Input, Select } from "@/components/ui/form";
import { Progress } from "@/components/ui/progress";
import { bytes } from "@/components/format";
import { cx } from "@/components/ui/cx";
import { detectFormat, type FormatGuess } from "@/lib/candidates/detect-format";
import { fileHead } from "./file-head";

const FORMATS = [
  { value: "generic", label: "Generic — {prompt, answer?, domain?, source?, metadata?}" },
  { value: "gsm8k", label: "GSM8K — question + answer after ####" },
  { value: "mmlu", label: "MMLU — question, choices, answer index" },
  { value: "mbpp", label: "MBPP — text + test_list" },
  { value: "chat", label: "Chat — messages / conversations, one user turn (+ assistant as solution)" },
];

/** XHR rather than fetch: it reports upload progress, which a multi-GB pool needs. */
function upload(url: string, file: File, onProgress: (f: number) => void): Promise<{ batchId: number }> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", url);
    xhr.setRequestHeader("content-type", "application/x-ndjson");
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onload = () => {
      const body = JSON.parse(xhr.responseText || "null");
      if (xhr.status >= 200 && xhr.status < 300) resolve(body);
      else reject(new Error(body?.error?.message ?? `Upload failed (${xhr.status})`));
    };
    xhr.onerror = () => reject(new Error("Network error during upload"));
    xhr.send(file);
  });
}

const LINES_NAME_DOMAIN = "*";

export function UploadForm({ domains }: { domains: string[] }) {
  const router = useRouter();
  const input = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [drag, setDrag] = useState(false);
  const [format, setFormat] = useState("generic");
  // No default domain: importing a pool into the wrong one is easy to miss and hard to undo.
  const [domain, setDomain] = useState("");
  const [mapping, setMapping] = useState({ prompt: "", answer: "", source: "", domain: "", metadata: "" });
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [guess, setGuess] = useState<FormatGuess | null>(null);
  /** The mapping fields hold what a guess filled in, not what the user typed. */
  const [autoMapped, setAutoMapped] = useState(false);

  /** A new file: look at its first lines and suggest the format they fit. */
  function choose(f: File | null) {
    setFile(f);
    setGuess(null);
    if (f) void fileHead(f).then((text) => adopt(detectFormat(text)), () => setGuess(null));
  }
  /**
   * A guess with common key names fills the mapping (the form says so and it stays editable);
   * the next file's guess replaces a filled-in mapping, never one the user typed.
   */
  function adopt(g: FormatGuess | null) {
    setGuess(g);
    const typed = !autoMapped && Object.values(mapping).some((v) => v.trim());
    if (typed) return;
    if (g?.mapping) {
      setMapping({ prompt: g.mapping.prompt, answer: g.mapping.answer ?? "", source: "", domain: "", metadata: "" });
      setAutoMapped(true);
    } else if (autoMapped) {
      setMapping({ prompt: "", answer: "", source: "", domain: "", metadata: "" });
      setAutoMapped(false);
    }
  }
  const label = (value: string) => FORMATS.find((f) => f.value === value)?.label.split(" — ")[0] ?? value;

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    if (!file) return setError("Choose a JSONL file first.");
    if (!domain) return setError("Choose the domain to import into (or that the lines name their own).");
    setError(null);
    setProgress(0);
    const q = new URLSearchParams({ fileName: file.name, format });
    if (domain !== LINES_NAME_DOMAIN) q.set("domain", domain);
    const map = Object.fromEntries(Object.entries(mapping).filter(([, v]) => v.trim()));
    if (format === "generic" && Object.keys(map).length) q.set("mapping", JSON.stringify(map));
    try {
      const { batchId } = await upload(`/api/imports?${q}`, file, setProgress);
      router.push(`/imports/${batchId}`);
    } catch (err) {
      setError((err as Error).message);
      setProgress(null);
    }
  }

  return (
    <form onSubmit={submit} className="space-y-4">
      <FormError message={error} />
      <div
        role="button"
        tabIndex={0}
        aria-label="Drop a JSONL file here or click to choose"
        onClick={() => input.current?.click()}
        onKeyDown={(e) => (e.key === "Enter" || e.key === " ") && input.current?.click()}
        onDragOver={(e) => {
          e.preventDefault();
          setDrag(true);
        }}
        onDragLeave={() => setDrag(false)}
        onDrop={(e) => {
          e.preventDefault();
          setDrag(false);
          if (e.dataTransfer.files[0]) choose(e.dataTransfer.files[0]);
        }}
        className={cx(
          "flex cursor-pointer flex-col items-center justify-center rounded-lg border-2 border-dashed px-6 py-10 text-center transition-colors",
          drag ? "border-accent-500 bg-accent-50" : "border-zinc-300 bg-zinc-50 hover:border-zinc-400",
        )}
      >
        <input ref={input} type="file" accept=".jsonl,.ndjson,.json,.gz,.zst,application/x-ndjson,application/gzip" className="hidden" data-testid="file-input" onChange={(e) => choose(e.target.files?.[0] ?? null)} />
        {file ? (
          <>
            <div className="text-sm font-medium text-zinc-900">{file.name}</div>
            <div className="text-xs text-zinc-500">{bytes(file.size)} · click to choose another</div>
          </>
        ) : (
          <>
            <div className="text-sm font-medium text-zinc-900">Drop a JSONL file here, or click to choose</div>
            <div className="mt-1 text-xs text-zinc-500">One JSON object per line, plain or gzip-compressed (.jsonl.gz). Bad lines are reported with their line number; good lines are kept.</div>
          </>
        )}
      </div>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Domain" hint="For lines without their own domain field.">
          <Select value={domain} onChange={(e) => setDomain(e.target.value)} required>
            <option value="" disabled>Choose a domain…</option>
            <option value={LINES_NAME_DOMAIN}>Lines name their own domain</option>
            {domains.map((d) => <option key={d} value={d}>{d}</option>)}
          </Select>
        </Field>
        <Field label="Format">
          <Select value={format} onChange={(e) => setFormat(e.target.value)}>
            {FORMATS.map((f) => <option key={f.value} value={f.value}>{f.label}</option>)}
          </Select>
        </Field>
      </div>
      {guess?.format && guess.format !== format && (
        <div role="status" className="flex items-center justify-between gap-3 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          <span>This file looks like {label(guess.format)}: its first lines have {guess.because}.</span>
          <Button type="button" variant="secondary" onClick={() => setFormat(guess.format!)}>Use {label(guess.format)}</Button>
        </div>
      )}
      {guess && !guess.format && format === "generic" && guess.mapping && autoMapped && (
        <div role="status" className="rounded-md border border-accent-500/30 bg-accent-50 px-3 py-2 text-sm text-zinc-800" data-testid="mapping-guess">
          This file&apos;s lines have no &quot;prompt&quot;: reading &quot;{guess.mapping.prompt}&quot; as the prompt
          {guess.mapping.answer ? <> and &quot;{guess.mapping.answer}&quot; as the reference answer</> : " (no answer key found)"}. Change it under Field mapping.
        </div>
      )}
      {guess && !guess.format && format === "generic" && !guess.mapping && !mapping.prompt.trim() && (
        <div role="status" className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          No known format fits this file&apos;s first lines, and they have no &quot;prompt&quot;. Keys found: {guess.keys.slice(0, 12).join(", ") || "none"}. Map one to prompt under Field mapping.
        </div>
      )}
      {format === "generic" && (
        <details className="rounded-md border border-zinc-200 px-3 py-2 text-sm" open={Boolean(guess?.mapping) || undefined}>
          <summary className="cursor-pointer text-zinc-700">Field mapping (for files with other key names)</summary>
          <div className="mt-3 grid gap-3 sm:grid-cols-5">
            {(["prompt", "answer", "source", "domain", "metadata"] as const).map((k) => (
              <Field key={k} label={`${k} key`}>
                <Input value={mapping[k]} placeholder={k === "prompt" ? "instruction" : k} onChange={(e) => { setMapping({ ...mapping, [k]: e.target.value }); setAutoMapped(false); }} />
              </Field>
            ))}
          </div>
        </details>
      )}
      {progress !== null && (
        <div>
          <div className="mb-1 flex justify-between text-xs text-zinc-600"><span>Uploading…</span><span>{Math.round(progress * 100)}%</span></div>
          <Progress value={progress} label="Upload progress" />
        </div>
      )}
      <Button type="submit" disabled={progress !== null}>Upload and import</Button>
    </form>
  );
}
