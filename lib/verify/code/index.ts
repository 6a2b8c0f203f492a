import { snippet, verdict, type Verdict } from "../verdict";
import { extractCodeBlock } from "./extract";
import { DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT_MS, runPythonTests, type CodeRunOptions, type RunOutcome } from "./run-python";

export { extractCodeBlock } from "./extract";
export { PythonUnavailableError, type CodeRunOptions } from "./run-python";

/**
 * Runs the response's last Python block against MBPP-style `assert` lines. Correct only
 * when every test passes. Throws PythonUnavailableError when python cannot be started.
 */
export async function verifyCode(response: string, tests: string[], options: CodeRunOptions = {}): Promise<Verdict> {
  const program = extractCodeBlock(response);
  if (program.trim() === "") return verdict(false, null, "no code found");
  if (tests.length === 0) return verdict(false, program, "no tests to run");
  const outcome = await runPythonTests(program, tests, options);
  const reason = describeOutcome(outcome, options);
  return verdict(reason === null, program, reason ?? `passed ${tests.length}/${tests.length} tests`);
}

/** Null when all tests passed, else why not. */
function describeOutcome(outcome: RunOutcome, options: CodeRunOptions): string | null {
  const memoryMb = options.memoryMb ?? DEFAULT_MEMORY_MB;
  if (outcome.kind === "timeout") return `timed out after ${(options.timeoutMs ?? DEFAULT_TIMEOUT_MS) / 1000} s`;
  if (outcome.kind === "no-report") {
    if (outcome.signal === "SIGXCPU") return "CPU time limit exceeded";
    if (outcome.signal) return `killed by ${outcome.signal} (memory limit ${memoryMb} MB?)`;
    const detail = outcome.stderrTail.trim().split("\n").pop();
    return `exited with code ${outcome.exitCode} before reporting${detail ? `: ${snippet(detail)}` : ""}`;
  }
  const { report } = outcome;
  switch (report.status) {
    case "passed":
      return null;
    case "syntax_error":
      return snippet(report.message);
    case "solution_error":
      return `solution raised ${snippet(report.message)}`;
    case "memory":
      return `memory limit (${memoryMb} MB) exceeded`;
    case "assert_failed":
      return `failed test ${report.index + 1}: ${snippet(report.test)}${report.message ? ` (${snippet(report.message)})` : ""}`;
    case "test_error":
      return `test ${report.index + 1} raised ${snippet(report.message)}: ${snippet(report.test)}`;
  }
}
