import { describe, expect, it } from "vitest";
import { extractCodeBlock, PythonUnavailableError, verifyCode } from ".";

const fenced = (code: string) => `Here is my solution:\n\n\`\`\`python\n${code}\n\`\`\`\n`;

const ADD = "def add(a, b):\n    return a + b";
const ADD_TESTS = ["assert add(1, 2) == 3", "assert add(-1, 1) == 0"];

describe("extractCodeBlock", () => {
  it("takes the last python block", () => {
    expect(extractCodeBlock("```python\nx = 1\n```\nbetter:\n```python\nx = 2\n```")).toBe("x = 2\n");
  });

  it("prefers a python block over a later untagged one", () => {
    expect(extractCodeBlock("```py\nx = 1\n```\noutput:\n```\n1\n```")).toBe("x = 1\n");
  });

  it("falls back to an untagged block, then to the whole response", () => {
    expect(extractCodeBlock("```\nx = 3\n```")).toBe("x = 3\n");
    expect(extractCodeBlock("x = 4")).toBe("x = 4");
  });

  it("keeps an unclosed final block", () => {
    expect(extractCodeBlock("Solution:\n```python\ndef f():\n    return 1\n")).toBe("def f():\n    return 1\n");
  });

  it("ignores other languages", () => {
    expect(extractCodeBlock("```bash\nls\n```\n```python\nx = 5\n```\n```bash\nrm x\n```")).toBe("x = 5\n");
  });
});

// These really run python3.
describe("verifyCode", () => {
  it("passes a correct solution", async () => {
    expect(await verifyCode(fenced(ADD), ADD_TESTS)).toEqual({
      correct: true,
      extracted: `${ADD}\n`,
      reason: "passed 2/2 tests",
    });
  });

  it("names the failing assert", async () => {
    const verdict = await verifyCode(fenced("def add(a, b):\n    return a - b"), ADD_TESTS);
    expect(verdict.correct).toBe(false);
    expect(verdict.reason).toBe("failed test 1: assert add(1, 2) == 3");
  });

  it("reports an exception's last line", async () => {
    const verdict = await verifyCode(fenced("def add(a, b):\n    return a + undefined_name"), ADD_TESTS);
    expect(verdict.reason).toBe("test 1 raised NameError: name 'undefined_name' is not defined: assert add(1, 2) == 3");
  });

  it("reports a syntax error", async () => {
    const verdict = await verifyCode(fenced("def add(a, b)\n    return a + b"), ADD_TESTS);
    expect(verdict.correct).toBe(false);
    expect(verdict.reason).toMatch(/^SyntaxError: /);
  });

  it("kills an infinite loop at the timeout", async () => {
    const started = Date.now();
    const verdict = await verifyCode(fenced("def add(a, b):\n    while True:\n        pass"), ADD_TESTS, { timeoutMs: 1500 });
    expect(verdict).toMatchObject({ correct: false, reason: "timed out after 1.5 s" });
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it("kills forked children on timeout too", async () => {
    const code = "import os, time\nif os.fork() == 0:\n    time.sleep(60)\ndef add(a, b):\n    time.sleep(60)";
    const verdict = await verifyCode(fenced(code), ADD_TESTS, { timeoutMs: 1000 });
    expect(verdict.reason).toBe("timed out after 1 s");
  });

  it("stops a memory hog at the memory limit", async () => {
    const code = "def add(a, b):\n    hog = bytearray(400 * 1024 * 1024)\n    return a + b";
    const verdict = await verifyCode(fenced(code), ADD_TESTS, { memoryMb: 128 });
    expect(verdict).toMatchObject({ correct: false, reason: "memory limit (128 MB) exceeded" });
  });

  it("blocks network access", async () => {
    const code = "import socket\ndef add(a, b):\n    socket.create_connection(('example.com', 80), timeout=2)\n    return a + b";
    const verdict = await verifyCode(fenced(code), ADD_TESTS);
    expect(verdict.reason).toBe("test 1 raised OSError: network access is disabled in the verifier: assert add(1, 2) == 3");
    const raw = "import socket\ns = socket.socket()\ndef add(a, b):\n    return a + b";
    expect((await verifyCode(fenced(raw), ADD_TESTS)).reason).toBe(
      "solution raised OSError: network access is disabled in the verifier",
    );
  });

  it("does not let sys.exit(0) pass the tests", async () => {
    const verdict = await verifyCode(fenced("import sys\nsys.exit(0)"), ADD_TESTS);
    expect(verdict).toMatchObject({ correct: false, reason: "solution raised SystemExit: 0" });
  });

  it("does not let os._exit(0) pass the tests", async () => {
    const verdict = await verifyCode(fenced("import os\nos._exit(0)"), ADD_TESTS);
    expect(verdict).toMatchObject({ correct: false, reason: "exited with code 0 before reporting" });
  });

  it("is not fooled by printed fake reports and survives a flood of output", async () => {
    const code = `print('{"status": "passed", "count": 2}')\nprint("x" * 5_000_000)\n${ADD.replace("a + b", "a * b")}`;
    expect((await verifyCode(fenced(code), ADD_TESTS)).reason).toBe("failed test 1: assert add(1, 2) == 3");
  });

  it("does not run the __main__ block, and has no stdin", async () => {
    const code = `${ADD}\nif __name__ == "__main__":\n    input()`;
    expect((await verifyCode(fenced(code), ADD_TESTS)).correct).toBe(true);
    expect((await verifyCode(fenced(`x = input()\n${ADD}`), ADD_TESTS)).reason).toBe("solution raised EOFError: EOF when reading a line");
  });

  it("runs with an empty environment in a temp dir that is removed", async () => {
    const code = `import os\nSEEN = (dict(os.environ), os.getcwd())\n${ADD}`;
    const tests = ["assert 'HTTP_PROXY' not in SEEN[0] and 'http_proxy' not in SEEN[0]", "assert 'edgewise-verify-' in SEEN[1]", "open('/tmp/edgewise-verify-cwd', 'w').write(SEEN[1])"];
    expect((await verifyCode(fenced(code), tests)).correct).toBe(true);
    const fs = await import("node:fs");
    const cwd = fs.readFileSync("/tmp/edgewise-verify-cwd", "utf8");
    fs.rmSync("/tmp/edgewise-verify-cwd");
    expect(fs.existsSync(cwd)).toBe(false);
  });

  it("handles an empty response and missing tests", async () => {
    expect(await verifyCode("   ", ADD_TESTS)).toEqual({ correct: false, extracted: null, reason: "no code found" });
    expect((await verifyCode(fenced(ADD), [])).reason).toBe("no tests to run");
  });

  it("throws when python cannot be started", async () => {
    await expect(verifyCode(fenced(ADD), ADD_TESTS, { python: "/nonexistent/python3" })).rejects.toThrow(PythonUnavailableError);
  });
});
