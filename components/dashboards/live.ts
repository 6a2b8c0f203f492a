"use client";
import { useQuery } from "@tanstack/react-query";
import { api } from "@/components/api";

/** How often a dashboard refreshes while runs and reviews move. */
export const LIVE_INTERVAL_MS = 10_000;

/**
 * A dashboard's data, refetched every LIVE_INTERVAL_MS. React Query pauses the interval while
 * the tab is hidden (refetchIntervalInBackground: false) and refetches when it shows again.
 * The server renders the first value (initialData), so the page never starts empty.
 */
export function useLive<T>(key: readonly unknown[], url: string, initialData?: T) {
  return useQuery({
    queryKey: key,
    queryFn: () => api<T>(url),
    initialData,
    refetchInterval: LIVE_INTERVAL_MS,
    refetchIntervalInBackground: false,
    refetchOnWindowFocus: true,
  });
}
