"use client";

import { useEffect, useState } from "react";

// A page that failed on the server is very often a passing outage (the database restarting,
// a deploy): instead of leaving the reader on an error until they click, try again by itself
// after 2, 4, 8, 16 then every 30 s. The attempt count lives in sessionStorage so a reload
// (the global boundary's only way to retry) keeps backing off instead of hammering the server.
const KEY = "edgewise:error-retries";
const delayFor = (attempt: number) => Math.min(30, 2 ** (attempt + 1)) * 1000;

function attempts(): number {
  try {
    return Number(sessionStorage.getItem(KEY) ?? 0) || 0;
  } catch {
    return 0;
  }
}

/** Seconds until the next automatic retry; calls `retry` when they run out. */
export function useAutoRetry(retry: () => void): number {
  const [left, setLeft] = useState(() => Math.round(delayFor(0) / 1000));
  useEffect(() => {
    const n = attempts();
    const due = Date.now() + delayFor(n);
    setLeft(Math.round(delayFor(n) / 1000));
    const tick = setInterval(() => setLeft(Math.max(0, Math.ceil((due - Date.now()) / 1000))), 1000);
    const timer = setTimeout(() => {
      try {
        sessionStorage.setItem(KEY, String(n + 1));
      } catch {
        /* private mode: retry without memory */
      }
      retry();
    }, delayFor(n));
    return () => {
      clearInterval(tick);
      clearTimeout(timer);
    };
  }, [retry]);
  return left;
}

/** Rendered by pages that loaded fine: the next error starts backing off from the beginning. */
export function forgetRetries(): void {
  try {
    sessionStorage.removeItem(KEY);
  } catch {
    /* nothing to forget */
  }
}

export function ResetRetries() {
  useEffect(forgetRetries, []);
  return null;
}
