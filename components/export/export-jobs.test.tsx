import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { ExportJobs, JobTable, type ExportJobJson } from "./export-jobs";

const job = (over: Partial<ExportJobJson>): ExportJobJson => ({
  id: 7, snapshotId: 3, mixtureId: null, format: "messages", parquet: false, hf: false, shuffleSeed: null, status: "done",
  rowsDone: 10, rowsTotal: 10, files: [{ name: "messages.jsonl", bytes: 100, sha256: "ab", rows: 10 }], errorMessage: null, attempts: 1,
  createdBy: "lead@x", createdAt: "2026-11-01T00:00:00Z", startedAt: null, finishedAt: "2026-11-01T00:01:00Z", filesRemoved: null, ...over,
});

const render = (jobs: ExportJobJson[]) =>
  renderToStaticMarkup(
    <QueryClientProvider client={new QueryClient()}>
      <JobTable jobs={jobs} />
    </QueryClientProvider>,
  );

describe("export job list", () => {
  it("links a done export's files", () => {
    expect(render([job({})])).toContain('href="/api/exports/7/files/messages.jsonl"');
  });

  it("says when the retention removed the files and offers to export again, with no dead link", () => {
    const html = render([job({ filesRemoved: { at: "2026-12-01T00:00:00", afterDays: 30 } })]);
    expect(html).toContain("Files removed after 30 days — export again.");
    expect(html).toContain(">Export again</button>");
    expect(html).not.toContain("/api/exports/7/files/");
  });

  it("with nothing frozen yet, says how to get something to export instead of an empty form", () => {
    const html = renderToStaticMarkup(
      <QueryClientProvider client={new QueryClient()}>
        <ExportJobs choices={[]} initial={[]} />
      </QueryClientProvider>,
    );
    expect(html).toContain("Nothing to export yet");
    expect(html).toContain('href="/domains"');
    expect(html).not.toContain("<form");
    const withChoice = renderToStaticMarkup(
      <QueryClientProvider client={new QueryClient()}>
        <ExportJobs choices={[{ value: "snapshot:1", label: "Snapshot math v1 (#1)" }]} initial={[]} />
      </QueryClientProvider>,
    );
    expect(withChoice).toContain("<form");
    expect(withChoice).not.toContain("Nothing to export yet");
  });
});
