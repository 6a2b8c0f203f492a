import { describe, expect, it } from "vitest";
import { duplicateKey } from "./duplicate-keys";

const check = (raw: string) => duplicateKey(raw, JSON.parse(raw));

describe("duplicateKey", () => {
  it("finds a repeated key at the top, nested, in arrays, and spelled with escapes", () => {
    expect(check('{"prompt":"a","answer":"1","prompt":"b"}')).toBe("prompt");
    expect(check('{"prompt":"a","metadata":{"k":1,"j":2,"k":3}}')).toBe("metadata.k");
    expect(check('{"prompt":"a","metadata":{"list":[{"x":1},{"y":1,"y":2}]}}')).toBe("metadata.list.1.y");
    expect(check('{"prompt" : "a" , "pr\\u006fmpt" : "b"}')).toBe("prompt");
  });

  it("says nothing about lines without repeats, whatever their strings hold", () => {
    for (const raw of [
      '{"prompt":"a"}',
      '{"prompt":"a \\": b \\":c","metadata":{"k":"\\" : \\""}}',
      '{"prompt":"k","metadata":{"prompt":"nested keys may equal outer ones"}}',
      '{"a":[{"k":1},{"k":2}]}',
      '{"prompt":"x\\\\","answer":"y"}',
      "[1,2,3]",
      '{"prompt":"Answer: yes"}',
    ]) {
      expect(check(raw), raw).toBeNull();
    }
  });
});
