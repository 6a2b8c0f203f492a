"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useCallback, useEffect, useRef, useState } from "react";
import { api, ApiError } from "@/components/api";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { AcceptDialog, EditDialog, GuidelinesDialog, HelpDialog, RejectDialog } from "./dialogs";
import { ItemView } from "./item-view";
import { isTyping, keyAction, type Action, type Mode } from "./shortcuts";
import type { CandidateJson, EvidenceJson, ItemJson, ItemState, StatsJson } from "./types";
import { useReviewForms } from "./use-review-forms";

const HEARTBEAT_MS = 20_000;
const RESCORE_POLL_MS = 1_500;

type Phase = { kind: "claiming" } | { kind: "reviewing"; id: number } | { kind: "empty" } | { kind: "conflict"; message: string };

/**
 * The review screen (issue 9): claims the next item of a domain's queue, keeps its lease alive
 * while it is open, shows everything needed to decide, and takes the decision from the
 * keyboard. The claim, decision and undo rules live on the server (lib/review); a 409 (lease
 * lost, item final) is shown as it is, with a way on.
 */
const BAND_LABELS = { teachable: "Teachable", too_easy: "Too easy", too_hard: "Too hard", unverifiable: "Unverifiable" } as const;
type QueueBand = keyof typeof BAND_LABELS;

export interface Guidelines {
  text: string;
  /** ISO time of the last change (null for guidelines older than the column). */
  updatedAt: string | null;
}

/** Which version of a domain's guidelines this browser has opened ("updated" until it has). */
const readKey = (slug: string) => `edgewise:guidelines-read:${slug}`;

export function ReviewScreen({ domain, canLead, band = "teachable", guidelines = null }: {
  domain: { slug: string; name: string };
  canLead: boolean;
  band?: QueueBand;
  guidelines?: Guidelines | null;
}) {
  const qc = useQueryClient();
  const [phase, setPhase] = useState<Phase>({ kind: "claiming" });
  const [last, setLast] = useState<{ candidateId: number; decision: string } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [mode, setMode] = useState<Mode>("main");
  const [selected, setSelected] = useState(0);
  const [open, setOpen] = useState<Set<number>>(new Set());
  const [editedAt, setEditedAt] = useState<number | null>(null);
  const id = phase.kind === "reviewing" ? phase.id : null;
  const [unread, setUnread] = useState(false);
  useEffect(() => {
    if (guidelines) setUnread(window.localStorage.getItem(readKey(domain.slug)) !== (guidelines.updatedAt ?? "read"));
  }, [guidelines, domain.slug]);

  const stats = useQuery({ queryKey: ["review-stats", domain.slug, band], queryFn: () => api<StatsJson>(`/api/review/stats?domain=${encodeURIComponent(domain.slug)}&band=${band}`) });
  const candidate = useQuery({ queryKey: ["candidate", id], queryFn: () => api<CandidateJson>(`/api/candidates/${id}`), enabled: id !== null });
  const item = useQuery({
    queryKey: ["review-item", id],
    queryFn: () => api<ItemJson>(`/api/review/item?candidateId=${id}`),
    enabled: id !== null,
    refetchInterval: (q) => (q.state.data?.rescoring || editedAt ? RESCORE_POLL_MS : false),
  });
  // An edit's re-score is running until the item says otherwise (read after the edit).
  const rescoring = !!item.data?.rescoring || (editedAt !== null && item.dataUpdatedAt <= editedAt);
  const evidence = useQuery({
    queryKey: ["evidence", id],
    queryFn: () => api<EvidenceJson>(`/api/candidates/${id}/evidence`),
    enabled: id !== null,
    refetchInterval: rescoring ? RESCORE_POLL_MS : false,
  });

  // The re-score landed: fetch the new score, prompt and reference once more, and say so.
  const wasRescoring = useRef(false);
  useEffect(() => {
    if (wasRescoring.current && !rescoring && id !== null) {
      setEditedAt(null);
      void qc.invalidateQueries({ queryKey: ["evidence", id] });
      void qc.invalidateQueries({ queryKey: ["candidate", id] });
      setNotice("Re-scored: the new pass rate and band are below.");
    }
    wasRescoring.current = rescoring;
  }, [rescoring, id, qc]);

  const forms = useReviewForms(item.data, candidate.data);

  const show = useCallback((next: Phase) => {
    setPhase(next);
    setMode("main");
    setSelected(0);
    setOpen(new Set());
    setEditedAt(null);
  }, []);

  const onError = useCallback((e: unknown) => {
    if (e instanceof ApiError && (e.status === 409 || e.status === 403 || e.status === 404)) show({ kind: "conflict", message: e.message });
    else setNotice(e instanceof Error ? e.message : "Something went wrong");
  }, [show]);

  const claim = useMutation({
    mutationFn: () => api<{ item: { candidateId: number } } | null>("/api/review/claim", { method: "POST", json: { domain: domain.slug, band } }),
    onSuccess: (res) => {
      show(res ? { kind: "reviewing", id: res.item.candidateId } : { kind: "empty" });
      void qc.invalidateQueries({ queryKey: ["review-stats", domain.slug] });
    },
    onError,
  });
  const claimNext = claim.mutate;
  useEffect(() => claimNext(), [claimNext]);

  // The lease lives while the item is open on this screen.
  useEffect(() => {
    if (id === null) return;
    const t = setInterval(() => {
      api("/api/review/heartbeat", { method: "POST", json: { candidateId: id } }).catch(onError);
    }, HEARTBEAT_MS);
    return () => clearInterval(t);
  }, [id, onError]);

  const decide = useMutation({
    mutationFn: (body: { decision: "accept" | "reject" | "skip"; reason?: string; note?: string; responseId?: string; responseText?: string }) =>
      api<ItemState>("/api/review/decisions", { method: "POST", json: { candidateId: id, ...body } }),
    onSuccess: (state, body) => {
      setMode("main");
      setLast({ candidateId: state.candidateId, decision: body.decision });
      const what = body.decision === "reject" ? `Rejected (${body.reason})` : body.decision === "accept" ? "Accepted" : "Skipped";
      const after = state.state === "adjudication" ? " — reviewers disagree: it goes to a lead" : state.final ? "" : body.decision === "skip" ? "" : ` — ${state.decisions} of ${state.needed} decisions`;
      setNotice(`${what} #${state.candidateId}${after}. u undoes it.`);
      forms.reset();
      claimNext();
    },
    onError: (e) => (mode === "main" ? onError(e) : forms.setError(e instanceof Error ? e.message : String(e))),
  });

  const undo = useMutation({
    mutationFn: (candidateId: number) => api<ItemState & { undone: string }>("/api/review/undo", { method: "POST", json: { candidateId } }),
    onSuccess: (s) => {
      setLast(null);
      setNotice(`Undid your ${s.undone} on #${s.candidateId}: it is yours again.`);
      show({ kind: "reviewing", id: s.candidateId });
      for (const k of ["review-item", "evidence", "candidate"]) void qc.invalidateQueries({ queryKey: [k, s.candidateId] });
      void qc.invalidateQueries({ queryKey: ["review-stats", domain.slug] });
    },
    onError: (e) => setNotice(e instanceof Error ? e.message : String(e)),
  });

  const edit = useMutation({
    mutationFn: (body: { prompt?: string; answer?: string; note?: string }) => api("/api/review/edit", { method: "POST", json: { candidateId: id, ...body } }),
    onSuccess: () => {
      setEditedAt(Date.now());
      setMode("main");
      setNotice("Saved. Re-scoring with the edit…");
      for (const k of ["review-item", "candidate"]) void qc.invalidateQueries({ queryKey: [k, id] });
    },
    onError: (e) => forms.setError(e instanceof ApiError && e.status === 404 ? "Editing is not available on this server yet." : e instanceof Error ? e.message : String(e)),
  });

  const busy = decide.isPending || claim.isPending || undo.isPending || edit.isPending;
  // Decisions wait for the item view too: an accept needs its responses to pick from.
  const ready = id !== null && !!candidate.data && !!item.data && !busy;
  const samples = evidence.data?.samples ?? [];

  const run = (a: Action) => {
    // A key pressed while the item is still loading is not dropped silently.
    if (!ready && !busy && id !== null && ["accept", "reject", "skip", "edit"].includes(a.type)) return setNotice("Still loading this item: press the key again in a moment.");
    switch (a.type) {
      case "accept":
        if (!ready) return;
        if (rescoring) return setNotice("Re-scoring after an edit: accept once the new score has arrived.");
        forms.openAccept();
        return setMode("accept");
      case "reject":
        if (ready) { forms.openReject(); setMode("reject"); }
        return;
      case "skip":
        return ready && decide.mutate({ decision: "skip" });
      case "undo":
        if (busy) return;
        return last ? undo.mutate(last.candidateId) : setNotice("Nothing to undo on this screen yet.");
      case "next":
      case "prev":
        return setSelected((s) => Math.max(0, Math.min(samples.length - 1, s + (a.type === "next" ? 1 : -1))));
      case "toggleOne":
        return setOpen((o) => { const n = new Set(o); if (n.has(selected)) n.delete(selected); else n.add(selected); return n; });
      case "toggleAll":
        return setOpen((o) => (o.size === samples.length ? new Set() : new Set(samples.map((_, i) => i))));
      case "edit":
        if (ready) { forms.openEdit(); setMode("edit"); }
        return;
      case "help":
        return setMode("help");
      case "guidelines":
        if (!guidelines) return setNotice(canLead ? "No review guidelines yet: write them in the domain's review settings." : "This domain has no review guidelines yet.");
        window.localStorage.setItem(readKey(domain.slug), guidelines.updatedAt ?? "read");
        setUnread(false);
        return setMode("guidelines");
      case "close":
        forms.setError(null);
        return setMode("main");
      case "focusNote":
        return forms.noteRef.current?.focus();
      case "pick":
        return mode === "accept" ? forms.pickResponse(a.n - 1) : forms.pickReason(a.n - 1);
      case "confirm":
        if (busy) return;
        if (mode === "accept") return decide.mutate({ decision: "accept", ...forms.acceptBody() });
        if (mode === "reject") {
          const body = forms.rejectBody();
          return body ? decide.mutate({ decision: "reject", ...body }) : forms.setError("Pick a reason (1–9) first.");
        }
        if (mode === "edit") {
          const body = forms.editBody();
          return body ? edit.mutate(body) : forms.setError("Nothing changed.");
        }
    }
  };
  const runRef = useRef(run);
  runRef.current = run;
  const modeRef = useRef(mode);
  modeRef.current = mode;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const a = keyAction(e, modeRef.current, isTyping(e.target));
      if (!a) return;
      e.preventDefault();
      runRef.current(a);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  const s = stats.data;
  return (
    <>
      <div className="sticky top-12 z-20 -mx-8 -mt-6 mb-4 border-b border-zinc-200 bg-white/95 px-8 py-2 backdrop-blur">
        <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
          <h1 className="text-base font-semibold tracking-tight text-zinc-900">Review · {domain.name}</h1>
          <span className="text-sm text-zinc-600" data-testid="queue-stats">
            {s ? <><b className="tabular-nums" data-testid="remaining">{s.remaining}</b> remaining · <b className="tabular-nums" data-testid="decided-today">{s.myDecisionsToday}</b> decided by you today</> : "…"}
          </span>
          {canLead && (
            <nav aria-label="Queue band" className="flex gap-1 text-xs">
              {(Object.keys(BAND_LABELS) as QueueBand[]).map((b) => (
                <Link key={b} href={`/review/${domain.slug}${b === "teachable" ? "" : `?band=${b}`}`} aria-current={b === band ? "page" : undefined}
                  className={`rounded px-1.5 py-0.5 ${b === band ? "bg-zinc-900 text-white" : "text-zinc-600 hover:bg-zinc-100"}`}>{BAND_LABELS[b]}</Link>
              ))}
            </nav>
          )}
          {id !== null && <span className="text-xs text-zinc-500" data-testid="current-item">Item #{id}</span>}
          <div className="ml-auto flex flex-wrap gap-1.5">
            {/* Decision buttons only with an item on screen (an empty queue offers none to press). */}
            {phase.kind === "reviewing" && (
              <>
                <Button onClick={() => run({ type: "accept" })} disabled={!ready || rescoring} title={rescoring ? "Waiting for the re-score" : undefined}>Accept <kbd className="font-mono text-xs opacity-80">a</kbd></Button>
                <Button variant="danger" className="disabled:opacity-50" onClick={() => run({ type: "reject" })} disabled={!ready}>Reject <kbd className="font-mono text-xs opacity-70">r</kbd></Button>
                <Button variant="secondary" onClick={() => run({ type: "skip" })} disabled={!ready}>Skip <kbd className="font-mono text-xs opacity-70">s</kbd></Button>
                <Button variant="secondary" onClick={() => run({ type: "edit" })} disabled={!ready}>Edit <kbd className="font-mono text-xs opacity-70">e</kbd></Button>
              </>
            )}
            <Button variant="secondary" onClick={() => run({ type: "undo" })} disabled={!last || busy}>Undo <kbd className="font-mono text-xs opacity-70">u</kbd></Button>
            {guidelines && (
              <Button variant="secondary" onClick={() => run({ type: "guidelines" })} title={unread ? "Changed since you last opened them" : undefined}>
                Guidelines{unread && <span className="rounded bg-amber-100 px-1 text-[10px] font-semibold uppercase text-amber-800" data-testid="guidelines-updated">updated</span>} <kbd className="font-mono text-xs opacity-70">g</kbd>
              </Button>
            )}
            <Button variant="ghost" onClick={() => run({ type: "help" })} aria-label="Keyboard shortcuts">?</Button>
          </div>
        </div>
        {(notice || rescoring) && (
          <div className="mt-1.5 flex flex-wrap gap-x-4 text-xs">
            {rescoring && <span role="status" className="font-medium text-amber-700" data-testid="rescoring">Re-scoring… Accept is disabled until the new score arrives.</span>}
            {notice && <span role="status" className="text-zinc-600" data-testid="notice">{notice}</span>}
          </div>
        )}
      </div>

      {phase.kind === "claiming" && <Card className="p-6 text-sm text-zinc-500">Claiming the next item…</Card>}
      {phase.kind === "conflict" && (
        <div role="alert" className="flex flex-wrap items-center gap-3 rounded-lg border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-900">
          <span className="flex-1">{phase.message}</span>
          <Button autoFocus onClick={() => claimNext()}>Claim next</Button>
        </div>
      )}
      {phase.kind === "empty" && <QueueEmpty domain={domain} canLead={canLead} waiting={s?.awaitingAdjudication ?? 0} onRetry={() => claimNext()} />}
      {phase.kind === "reviewing" && candidate.data && (
        <ItemView
          c={candidate.data}
          evidence={evidence.data}
          item={item.data}
          canLead={canLead}
          selected={selected}
          open={open}
          onSelect={setSelected}
          onToggle={(i) => setOpen((o) => { const n = new Set(o); if (n.has(i)) n.delete(i); else n.add(i); return n; })}
        />
      )}
      {phase.kind === "reviewing" && candidate.isError && <Card className="p-6 text-sm text-red-700">{candidate.error.message}</Card>}

      {mode === "accept" && (
        <AcceptDialog responses={forms.responses} picked={forms.responsePick} text={forms.responseText} busy={busy} error={forms.error}
          onPick={forms.pickResponse} onText={forms.setResponseText} onConfirm={() => run({ type: "confirm" })} onClose={() => run({ type: "close" })} />
      )}
      {mode === "reject" && (
        <RejectDialog reasons={forms.reasons} picked={forms.reasonPick} note={forms.note} noteRef={forms.noteRef} busy={busy} error={forms.error}
          onPick={forms.pickReason} onNote={forms.setNote} onConfirm={() => run({ type: "confirm" })} onClose={() => run({ type: "close" })} />
      )}
      {mode === "edit" && (
        <EditDialog prompt={forms.edit.prompt} answer={forms.edit.answer} note={forms.edit.note} busy={busy} error={forms.error}
          onChange={forms.setEditField} onConfirm={() => run({ type: "confirm" })} onClose={() => run({ type: "close" })} />
      )}
      {mode === "help" && <HelpDialog onClose={() => run({ type: "close" })} />}
      {mode === "guidelines" && guidelines && <GuidelinesDialog domain={domain.name} text={guidelines.text} updatedAt={guidelines.updatedAt} onClose={() => run({ type: "close" })} />}
    </>
  );
}

function QueueEmpty({ domain, canLead, waiting, onRetry }: { domain: { slug: string; name: string }; canLead: boolean; waiting: number; onRetry: () => void }) {
  return (
    <EmptyState
      title={`Nothing left for you in ${domain.name}`}
      action={
        <div className="flex flex-wrap justify-center gap-2">
          <Button variant="secondary" onClick={onRetry}>Check again</Button>
          {canLead && waiting > 0 && <Link className="text-sm font-medium text-accent-700 hover:underline" href={`/review/${domain.slug}/adjudicate`}>{waiting} waiting for adjudication →</Link>}
        </div>
      }
    >
      {canLead ? (
        <>Every scored, teachable item has its decisions. Score more of the pool (Runs → New run), widen the teachable band on the domain page, or settle the disagreements in the adjudication queue.</>
      ) : (
        <>Every item you can take has been decided or is open with other reviewers. Items others skip or let lapse come back here; ask your lead to score more of the pool if the queue stays empty.</>
      )}
    </EmptyState>
  );
}
