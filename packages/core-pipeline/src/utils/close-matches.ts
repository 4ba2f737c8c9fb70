import { distance } from 'fastest-levenshtein';

/**
 * "Did you mean" candidates, in the spirit of Python's `difflib.get_close_matches`: at most `n`
 * candidates whose similarity to `word` is at least `cutoff`, best first (ties keep input order).
 */
export function closeMatches(word: string, candidates: Iterable<string>, n = 3, cutoff = 0.6): string[] {
  const scored: Array<{ candidate: string; score: number; index: number }> = [];
  let index = 0;
  for (const candidate of candidates) {
    const longest = Math.max(word.length, candidate.length);
    const score = longest === 0 ? 1 : 1 - distance(word, candidate) / longest;
    if (score >= cutoff) scored.push({ candidate, score, index });
    index += 1;
  }
  scored.sort((a, b) => b.score - a.score || a.index - b.index);
  return [...new Set(scored.map((s) => s.candidate))].slice(0, n);
}
