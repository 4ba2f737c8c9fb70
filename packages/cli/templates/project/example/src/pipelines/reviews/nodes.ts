/** The node functions of the reviews pipeline: plain functions, easy to test on their own. */

export interface Review {
  id: number;
  label: string;
  text: string;
}

export interface CleaningOptions {
  lowercase: boolean;
  min_word_length: number;
}

/** word → number of occurrences, per review label. */
export type WordCounts = Record<string, Record<string, number>>;

export interface ReviewSummary {
  distinct_words: Record<string, number>;
  top_words: Record<string, Array<{ word: string; count: number }>>;
}

/** Keeps letters, digits and apostrophes; optionally lower-cases. */
export function cleanReviews(reviews: Review[], options: CleaningOptions): Review[] {
  return reviews.map((review) => {
    const text = options.lowercase ? review.text.toLowerCase() : review.text;
    return { ...review, text: text.replace(/[^\p{L}\p{N}\s']/gu, ' ').replace(/\s+/g, ' ').trim() };
  });
}

/** Counts the words of at least `minWordLength` characters, per label. */
export function countWords(reviews: Review[], minWordLength: number): WordCounts {
  if (!Number.isInteger(minWordLength) || minWordLength < 1) {
    throw new RangeError(`cleaning.min_word_length must be a positive integer, got ${String(minWordLength)}`);
  }
  const counts: WordCounts = {};
  for (const review of reviews) {
    const forLabel = (counts[review.label] ??= {});
    for (const word of review.text.split(' ')) {
      if (word.length >= minWordLength) forLabel[word] = (forLabel[word] ?? 0) + 1;
    }
  }
  return counts;
}

/** The `topWords` most frequent words per label (ties in alphabetical order). */
export function summariseReviews(counts: WordCounts, topWords: number): ReviewSummary {
  const summary: ReviewSummary = { distinct_words: {}, top_words: {} };
  for (const [label, words] of Object.entries(counts).sort(([a], [b]) => a.localeCompare(b))) {
    summary.distinct_words[label] = Object.keys(words).length;
    summary.top_words[label] = Object.entries(words)
      .sort(([wordA, a], [wordB, b]) => b - a || wordA.localeCompare(wordB))
      .slice(0, topWords)
      .map(([word, count]) => ({ word, count }));
  }
  return summary;
}

/** How many distinct words the reviews use, all labels together (logged as an MLflow metric). */
export function vocabularySize(counts: WordCounts): number {
  return new Set(Object.values(counts).flatMap((words) => Object.keys(words))).size;
}
