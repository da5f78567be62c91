function distance(a: string, b: string): number {
  // Two rows of the Levenshtein table: the previous one and the one being filled.
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** Commander-style "unknown command" message with the nearest candidate (edit distance ≤ 40% of the length). */
export function unknownCommandMessage(word: string, candidates: readonly string[]): string {
  const scored = candidates.map((candidate) => ({ candidate, score: distance(word, candidate) })).sort((a, b) => a.score - b.score);
  const best = scored[0];
  const hint = best && best.score <= Math.max(1, Math.floor(best.candidate.length * 0.4)) ? `\n(Did you mean ${best.candidate}?)` : '';
  return `error: unknown command '${word}'${hint}`;
}
