function distance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j += 1) rows[0][j] = j;
  for (let i = 1; i <= a.length; i += 1) {
    for (let j = 1; j <= b.length; j += 1) {
      rows[i][j] = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
  }
  return rows[a.length][b.length];
}

/** Commander-style "unknown command" message with the nearest candidate (edit distance ≤ 40% of the length). */
export function unknownCommandMessage(word: string, candidates: readonly string[]): string {
  const scored = candidates.map((candidate) => ({ candidate, score: distance(word, candidate) })).sort((a, b) => a.score - b.score);
  const best = scored[0];
  const hint = best && best.score <= Math.max(1, Math.floor(best.candidate.length * 0.4)) ? `\n(Did you mean ${best.candidate}?)` : '';
  return `error: unknown command '${word}'${hint}`;
}
