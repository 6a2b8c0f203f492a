"use client";
import { useRef, useState } from "react";
import type { CandidateJson, ItemJson } from "./types";

/**
 * The state of the accept, reject and edit dialogs for the item on screen, and the request
 * bodies they make: the accept sends the picked response (and its text only when the
 * reviewer changed it), the edit only the fields that changed.
 */
export function useReviewForms(item: ItemJson | undefined, c: CandidateJson | undefined) {
  const responses = item?.responses ?? [];
  const reasons = item?.domain.rejectReasons ?? [];
  const [responsePick, setResponsePick] = useState(0);
  const [responseText, setResponseText] = useState("");
  const [reasonPick, setReasonPick] = useState(-1);
  const [note, setNote] = useState("");
  const [edit, setEdit] = useState({ prompt: "", answer: "", note: "" });
  const [error, setError] = useState<string | null>(null);
  const noteRef = useRef<HTMLTextAreaElement | null>(null);

  const pickResponse = (i: number) => {
    if (i < 0 || i >= responses.length) return;
    setResponsePick(i);
    setResponseText(responses[i].text);
  };
  return {
    responses,
    reasons,
    responsePick,
    responseText,
    setResponseText,
    reasonPick,
    note,
    setNote,
    edit,
    error,
    setError,
    noteRef,
    pickResponse,
    pickReason: (i: number) => i >= 0 && i < reasons.length && (setReasonPick(i), setError(null)),
    setEditField: (f: "prompt" | "answer" | "note", v: string) => setEdit((e) => ({ ...e, [f]: v })),
    openAccept: () => {
      setError(null);
      setResponsePick(0);
      setResponseText(responses[0]?.text ?? "");
    },
    openReject: () => {
      setError(null);
      setReasonPick(-1);
      setNote("");
    },
    openEdit: () => {
      setError(null);
      setEdit({ prompt: c?.prompt ?? "", answer: c?.answer ?? "", note: "" });
    },
    reset: () => setError(null),
    acceptBody: () => {
      const r = responses[responsePick];
      if (!r) return {};
      return { responseId: r.id, ...(responseText !== r.text ? { responseText } : {}) };
    },
    rejectBody: () => (reasonPick < 0 ? null : { reason: reasons[reasonPick], ...(note.trim() ? { note: note.trim() } : {}) }),
    editBody: () => {
      const body: { prompt?: string; answer?: string; note?: string } = {};
      if (edit.prompt !== (c?.prompt ?? "")) body.prompt = edit.prompt;
      if (edit.answer !== (c?.answer ?? "")) body.answer = edit.answer;
      if (!body.prompt && body.answer === undefined) return null;
      if (edit.note.trim()) body.note = edit.note.trim();
      return body;
    },
  };
}
