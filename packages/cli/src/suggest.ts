/** "Did you mean" helpers (difflib-like: similarity = 1 - edit distance / longer length). */

function editDistance(a: string, b: string): number {
  const previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i += 1) {
    let diagonal = previous[0]!;
    previous[0] = i;
    for (let j = 1; j <= b.length; j += 1) {
      const above = previous[j]!;
      previous[j] = Math.min(above + 1, previous[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return previous[b.length]!;
}

/** At most `n` candidates at least `cutoff` similar to `word`, best first. */
export function closeMatches(word: string, candidates: Iterable<string>, n = 3, cutoff = 0.5): string[] {
  const scored: Array<{ candidate: string; score: number }> = [];
  for (const candidate of new Set(candidates)) {
    const longest = Math.max(word.length, candidate.length);
    const score = longest === 0 ? 1 : 1 - editDistance(word, candidate) / longest;
    if (score >= cutoff) scored.push({ candidate, score });
  }
  scored.sort((a, b) => b.score - a.score);
  return scored.slice(0, n).map((s) => s.candidate);
}

/** ` Did you mean 'x'?` / ` Did you mean one of 'x', 'y'?`, or '' when nothing is close. */
export function didYouMean(word: string, candidates: Iterable<string>): string {
  const matches = closeMatches(word, candidates);
  if (matches.length === 0) return '';
  if (matches.length === 1) return ` Did you mean '${matches[0]}'?`;
  return ` Did you mean one of ${matches.map((m) => `'${m}'`).join(', ')}?`;
}
