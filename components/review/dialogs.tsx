"use client";
import { useEffect, useId, useRef } from "react";
import type { ReviewResponse } from "@/lib/review";
import { Button } from "@/components/ui/button";
import { cx } from "@/components/ui/cx";
import { FormError } from "@/components/ui/form";
import { shortcutHelp } from "./shortcuts";

// The review screen's dialogs are presentational: the screen owns their state and its one
// keyboard handler drives them (1–9, Enter, Esc), so the keys behave the same whether the
// reviewer clicks or types.

const area =
  "block w-full rounded-md border border-zinc-300 bg-white px-2.5 py-1.5 font-mono text-xs text-zinc-900 shadow-sm focus:border-accent-500 focus:outline-none focus:ring-1 focus:ring-accent-500";

function Dialog({ title, onClose, children, wide }: { title: string; onClose: () => void; children: React.ReactNode; wide?: boolean }) {
  const id = useId();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const before = document.activeElement as HTMLElement | null;
    ref.current?.focus();
    return () => before?.focus?.();
  }, []);
  return (
    <div className="fixed inset-0 z-40 flex items-start justify-center overflow-y-auto bg-zinc-900/30 p-4 pt-[8vh]" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div ref={ref} tabIndex={-1} role="dialog" aria-modal="true" aria-labelledby={id} className={cx("w-full rounded-lg border border-zinc-200 bg-white shadow-xl focus:outline-none", wide ? "max-w-3xl" : "max-w-lg")}>
        <div className="flex items-center justify-between border-b border-zinc-100 px-4 py-3">
          <h2 id={id} className="text-sm font-semibold text-zinc-900">{title}</h2>
          <button type="button" onClick={onClose} className="text-xs text-zinc-500 hover:text-zinc-900">Esc</button>
        </div>
        <div className="space-y-3 p-4">{children}</div>
      </div>
    </div>
  );
}

/** A numbered choice list: keys 1–9 pick, the screen's handler does the picking. */
function Choices({ name, items, picked, onPick }: { name: string; items: { key: string; label: React.ReactNode }[]; picked: number; onPick: (i: number) => void }) {
  return (
    <div role="radiogroup" aria-label={name} className="space-y-1">
      {items.map((it, i) => (
        <label key={it.key} className={cx("flex cursor-pointer items-start gap-2 rounded-md border px-3 py-1.5 text-sm", i === picked ? "border-accent-400 bg-accent-50" : "border-zinc-200 hover:bg-zinc-50")}>
          <input type="radio" name={name} className="sr-only" checked={i === picked} onChange={() => onPick(i)} />
          <kbd className="mt-0.5 w-4 shrink-0 text-center font-mono text-xs text-zinc-500">{i < 9 ? i + 1 : ""}</kbd>
          <span className="min-w-0 flex-1">{it.label}</span>
        </label>
      ))}
    </div>
  );
}

export function AcceptDialog(p: {
  responses: ReviewResponse[];
  picked: number;
  text: string;
  busy: boolean;
  error: string | null;
  onPick: (i: number) => void;
  onText: (t: string) => void;
  onConfirm: () => void;
  onClose: () => void;
}) {
  const r = p.responses[p.picked];
  return (
    <Dialog title="Accept: pick the response to export" onClose={p.onClose} wide>
      {p.responses.length === 0 ? (
        <p className="text-sm text-zinc-600">No verified response to export: accepting keeps the prompt without one (a lead can add it later).</p>
      ) : (
        <>
          <Choices
            name="Response"
            picked={p.picked}
            onPick={p.onPick}
            items={p.responses.map((x) => ({
              key: x.id,
              label: (
                <span className="flex items-center gap-2">
                  <span className="font-medium">{x.label}</span>
                  {x.correct === true && <span className="text-xs text-emerald-700">✔ verified</span>}
                  <span className="min-w-0 flex-1 truncate text-xs text-zinc-500">{x.text.slice(0, 160)}</span>
                </span>
              ),
            }))}
          />
          {r && (
            <label className="block">
              <span className="mb-1 block text-xs font-medium text-zinc-700">Response text (Tab to edit; Ctrl+Enter accepts)</span>
              <textarea aria-label="Response text" className={cx(area, "h-56")} value={p.text} onChange={(e) => p.onText(e.target.value)} />
            </label>
          )}
        </>
      )}
      <FormError message={p.error} />
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={p.onClose}>Cancel</Button>
        <Button onClick={p.onConfirm} disabled={p.busy}>Accept <kbd className="font-mono text-xs opacity-80">Enter</kbd></Button>
      </div>
    </Dialog>
  );
}

export function RejectDialog(p: {
  reasons: string[];
  picked: number;
  note: string;
  noteRef: React.RefObject<HTMLTextAreaElement | null>;
  busy: boolean;
  error: string | null;
  onPick: (i: number) => void;
  onNote: (t: string) => void;
  onConfirm: () => void;
  onClose: () => void;
}) {
  return (
    <Dialog title="Reject: why? (1–9, then Enter)" onClose={p.onClose}>
      <Choices name="Reason" picked={p.picked} onPick={p.onPick} items={p.reasons.map((x) => ({ key: x, label: x }))} />
      <label className="block">
        <span className="mb-1 block text-xs font-medium text-zinc-700">Note (optional; n to write, Ctrl+Enter to reject)</span>
        <textarea ref={p.noteRef} aria-label="Note" className={cx(area, "h-20 font-sans text-sm")} value={p.note} onChange={(e) => p.onNote(e.target.value)} />
      </label>
      <FormError message={p.error} />
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={p.onClose}>Cancel</Button>
        <Button variant="danger" onClick={p.onConfirm} disabled={p.busy || p.picked < 0}>Reject <kbd className="font-mono text-xs opacity-80">Enter</kbd></Button>
      </div>
    </Dialog>
  );
}

export function EditDialog(p: {
  prompt: string;
  answer: string;
  note: string;
  busy: boolean;
  error: string | null;
  onChange: (f: "prompt" | "answer" | "note", v: string) => void;
  onConfirm: () => void;
  onClose: () => void;
}) {
  const first = useRef<HTMLTextAreaElement>(null);
  useEffect(() => first.current?.focus(), []);
  return (
    <Dialog title="Edit the prompt or the reference" onClose={p.onClose} wide>
      <p className="text-xs text-zinc-500">The original is kept and the edit recorded. The item is re-scored before it can be accepted.</p>
      <label className="block">
        <span className="mb-1 block text-xs font-medium text-zinc-700">Prompt</span>
        <textarea ref={first} aria-label="Prompt" className={cx(area, "h-48")} value={p.prompt} onChange={(e) => p.onChange("prompt", e.target.value)} />
      </label>
      <label className="block">
        <span className="mb-1 block text-xs font-medium text-zinc-700">Reference answer</span>
        <textarea aria-label="Reference answer" className={cx(area, "h-20")} value={p.answer} onChange={(e) => p.onChange("answer", e.target.value)} />
      </label>
      <label className="block">
        <span className="mb-1 block text-xs font-medium text-zinc-700">Why (optional)</span>
        <input aria-label="Why" className={cx(area, "font-sans text-sm")} value={p.note} onChange={(e) => p.onChange("note", e.target.value)} />
      </label>
      <FormError message={p.error} />
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={p.onClose}>Cancel</Button>
        <Button onClick={p.onConfirm} disabled={p.busy}>Save and re-score <kbd className="font-mono text-xs opacity-80">Ctrl+Enter</kbd></Button>
      </div>
    </Dialog>
  );
}

export function HelpDialog({ onClose }: { onClose: () => void }) {
  return (
    <Dialog title="Keyboard shortcuts" onClose={onClose}>
      <dl className="grid grid-cols-[7rem_1fr] gap-x-3 gap-y-1.5 text-sm">
        {shortcutHelp.map(([key, what]) => (
          <div key={key} className="contents">
            <dt><kbd className="rounded border border-zinc-300 bg-zinc-50 px-1.5 py-0.5 font-mono text-xs">{key}</kbd></dt>
            <dd className="text-zinc-700">{what}</dd>
          </div>
        ))}
      </dl>
      <p className="text-xs text-zinc-500">Shortcuts pause while you type in a field.</p>
    </Dialog>
  );
}

/**
 * The domain's review guidelines, as the lead wrote them: plain text (never HTML), line
 * breaks kept, long lines wrapped.
 */
export function GuidelinesDialog({ domain, text, updatedAt, onClose }: { domain: string; text: string; updatedAt: string | null; onClose: () => void }) {
  return (
    <Dialog title={`Review guidelines · ${domain}`} onClose={onClose} wide>
      <div className="max-h-[65vh] overflow-y-auto whitespace-pre-wrap break-words text-sm leading-relaxed text-zinc-800" data-testid="guidelines-text">{text}</div>
      {updatedAt && <p className="text-xs text-zinc-500">Last changed {updatedAt.slice(0, 16).replace("T", " ")} UTC · g or Esc closes</p>}
    </Dialog>
  );
}
