"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Field, Input, Select } from "@/components/ui/form";
import { fileHead } from "@/components/imports/file-head";
import { detectFormat } from "@/lib/candidates/detect-format";

const FORMATS = [
  { value: "generic", label: "Generic JSONL (prompt, answer; or map your keys)" },
  { value: "gsm8k", label: "GSM8K (question, answer)" },
  { value: "mmlu", label: "MMLU (question, choices, answer)" },
  { value: "mbpp", label: "MBPP (text, test_list, code)" },
  { value: "chat", label: "Chat (messages / conversations, one user turn)" },
];

interface BadLine {
  line: number;
  reason: string;
}

/**
 * A lead's benchmark upload: the JSONL file as the request body, its name, release date and
 * format (the same presets and field mapping as imports) as query parameters. A file with bad
 * lines is refused whole; the lines are listed.
 */
export function BenchmarkUpload() {
  const router = useRouter();
  const [file, setFile] = useState<File | null>(null);
  const [name, setName] = useState("");
  const [releaseDate, setReleaseDate] = useState("");
  const [format, setFormat] = useState("generic");
  const [promptKey, setPromptKey] = useState("");
  const [licence, setLicence] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [bad, setBad] = useState<{ lines: BadLine[]; count: number } | null>(null);
  const [done, setDone] = useState<string | null>(null);

  /** A new file: take the format its first lines fit, or the key that holds their prompt (as imports do). */
  function choose(f: File | null) {
    setFile(f);
    if (!f) return;
    void fileHead(f).then((text) => {
      const guess = detectFormat(text);
      if (guess?.format) setFormat(guess.format);
      else if (guess?.mapping) {
        setFormat("generic");
        setPromptKey(guess.mapping.prompt);
      }
    }, () => {});
  }

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    if (!file) return;
    setBusy(true);
    setError(null);
    setBad(null);
    setDone(null);
    const q = new URLSearchParams({ name, releaseDate, format });
    if (licence.trim()) q.set("licence", licence.trim());
    if (format === "generic" && promptKey.trim()) q.set("mapping", JSON.stringify({ prompt: promptKey.trim() }));
    try {
      const res = await fetch(`/api/benchmarks?${q}`, { method: "POST", body: file, headers: { "content-type": "application/x-ndjson" } });
      const body = await res.json().catch(() => null);
      if (!res.ok) {
        setError(body?.error?.message ?? `Upload failed (${res.status})`);
        if (body?.error?.details?.badLines) setBad({ lines: body.error.details.badLines, count: body.error.details.badCount });
        return;
      }
      setDone(`${body.name}: ${body.itemCount.toLocaleString("en")} items stored. Check a domain against it from the domain's page.`);
      setName("");
      setReleaseDate("");
      setFile(null);
      router.refresh();
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} className="grid gap-3 p-4 sm:grid-cols-2" aria-label="Upload a benchmark">
      <Field label="Benchmark file (JSONL)">
        <Input type="file" accept=".jsonl,.json,.ndjson,application/json" required onChange={(e) => choose(e.target.files?.[0] ?? null)} />
      </Field>
      <Field label="Format">
        <Select value={format} onChange={(e) => setFormat(e.target.value)}>
          {FORMATS.map((f) => <option key={f.value} value={f.value}>{f.label}</option>)}
        </Select>
      </Field>
      <Field label="Name">
        <Input required maxLength={100} value={name} onChange={(e) => setName(e.target.value)} placeholder="MATH-500" />
      </Field>
      <Field label="Release date">
        <Input type="date" required value={releaseDate} onChange={(e) => setReleaseDate(e.target.value)} />
      </Field>
      {format === "generic" && (
        <Field label="Key holding the prompt" hint="Leave empty when the key is “prompt”.">
          <Input value={promptKey} maxLength={100} onChange={(e) => setPromptKey(e.target.value)} placeholder="problem" />
        </Field>
      )}
      <Field label="Licence (optional)">
        <Input value={licence} maxLength={200} onChange={(e) => setLicence(e.target.value)} placeholder="MIT" />
      </Field>
      <div className="flex items-end sm:col-span-2">
        <Button type="submit" disabled={busy || !file}>{busy ? "Uploading…" : "Upload benchmark"}</Button>
      </div>
      {done && <p role="status" className="text-sm text-emerald-700 sm:col-span-2">{done}</p>}
      {error && (
        <div role="alert" className="rounded-md border border-red-100 bg-red-50 p-3 text-sm text-red-700 sm:col-span-2">
          <p>{error}</p>
          {bad && (
            <ul className="mt-2 max-h-48 list-inside list-disc overflow-auto" aria-label="Bad lines">
              {bad.lines.map((b) => <li key={b.line}>line {b.line}: {b.reason}</li>)}
              {bad.count > bad.lines.length && <li>… and {bad.count - bad.lines.length} more</li>}
            </ul>
          )}
        </div>
      )}
    </form>
  );
}
