// The benchmark pool: generated GSM8K-style questions with integer answers, the same in the
// bench process (which imports them) and the simulator child (which must know the answers).

export interface BenchItem {
  prompt: string;
  answer: string;
}

export function benchItems(n: number): BenchItem[] {
  return Array.from({ length: n }, (_, i) => {
    const a = 12 + ((i * 7919) % 9000);
    const b = 5 + ((i * 104729) % 700);
    return {
      prompt: `Question ${i}: a warehouse stores ${a} boxes and receives ${b} more on Monday. How many boxes does it store now?`,
      answer: String(a + b),
    };
  });
}
