// The Python side of the code verifier. Node writes this file and a job.json next to it in
// a throwaway directory and runs `python3 -I -S -B runner.py`. The runner reads and deletes
// both files, applies resource limits, disables sockets, runs the candidate and then each
// test, and reports one JSON line on fd 3 — a channel of its own, so that whatever the
// candidate prints (and however much) cannot be mistaken for the result.
//
// NOT a security sandbox: the candidate runs as the same user and can read what that user
// can read, and could forge a report by inspecting the runner's frames. It stops honest
// mistakes (infinite loops, memory hogs, stray network calls), not a hostile program. Run
// workers that verify untrusted models inside a container or nsjail.

export const RUNNER_FILE = "runner.py";
export const JOB_FILE = "job.json";

export type RunnerJob = {
  nonce: string;
  solution: string;
  tests: string[];
  memoryBytes: number;
  cpuSeconds: number;
  maxFileBytes: number;
};

export type RunnerReport =
  | { status: "passed"; count: number }
  | { status: "syntax_error" | "solution_error" | "memory"; message: string }
  | { status: "assert_failed" | "test_error"; index: number; test: string; message: string };

export const RUNNER_SCRIPT = String.raw`
import json, os, sys, traceback

def _last_line(error):
    lines = traceback.format_exception_only(type(error), error)
    return "".join(lines).strip().splitlines()[-1] if lines else type(error).__name__

def _block_network():
    import socket, _socket
    def refuse(*args, **kwargs):
        raise OSError("network access is disabled in the verifier")
    class NoSocket(socket.socket):
        def __init__(self, *args, **kwargs):
            refuse()
    for module in (socket, _socket):
        module.socket = NoSocket
    for name in ("create_connection", "getaddrinfo", "gethostbyname", "socketpair", "fromfd"):
        setattr(socket, name, refuse)

def _limit(memory_bytes, cpu_seconds, max_file_bytes):
    import resource
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))
    resource.setrlimit(resource.RLIMIT_FSIZE, (max_file_bytes, max_file_bytes))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))

def _main():
    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, "job.json"), encoding="utf-8") as handle:
        job = json.load(handle)
    os.unlink(os.path.join(here, "job.json"))
    os.unlink(os.path.abspath(__file__))
    channel = os.fdopen(3, "w", encoding="utf-8")
    nonce = job["nonce"]

    def report(result):
        result["nonce"] = nonce
        channel.write(json.dumps(result) + "\n")
        channel.flush()

    _limit(job["memoryBytes"], job["cpuSeconds"], job["maxFileBytes"])
    _block_network()
    namespace = {"__name__": "solution", "__builtins__": __builtins__}
    try:
        code = compile(job["solution"], "solution.py", "exec")
    except SyntaxError as error:
        return report({"status": "syntax_error", "message": _last_line(error)})
    try:
        exec(code, namespace)
    except MemoryError:
        return report({"status": "memory", "message": "MemoryError"})
    except BaseException as error:  # SystemExit too: a solution must not end the run
        return report({"status": "solution_error", "message": _last_line(error)})
    for index, test in enumerate(job["tests"]):
        try:
            exec(compile(test, "test_%d" % (index + 1), "exec"), namespace)
        except MemoryError:
            return report({"status": "memory", "message": "MemoryError"})
        except AssertionError as error:
            return report({"status": "assert_failed", "index": index, "test": test, "message": str(error)})
        except BaseException as error:
            return report({"status": "test_error", "index": index, "test": test, "message": _last_line(error)})
    report({"status": "passed", "count": len(job["tests"])})

_main()
sys.stdout.flush()
os._exit(0)
`;
