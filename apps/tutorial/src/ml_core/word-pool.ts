// One string per distinct word of a corpus, found from the characters of the text itself: the pool
// hashes the word's span in place (FNV-1a over UTF-16 code units) and compares it with the stored
// word, so a word seen before costs no new string. prepareCorpus spends most of its time here:
// slicing and hashing 5.9 million words of 25,000 reviews was 80% of its time before.
export class WordPool {
  private words: (string | undefined)[];
  /** The string a word maps to: itself, or null for a stop word. */
  private values: (string | null)[];
  private hashes: Int32Array;
  private mask: number;
  private size = 0;

  constructor(stopWords: Iterable<string>) {
    this.words = new Array<string | undefined>(1024).fill(undefined);
    this.values = new Array<string | null>(1024).fill(null);
    this.hashes = new Int32Array(1024);
    this.mask = 1023;
    for (const word of stopWords) {
      const slot = this.find(word, 0, word.length, hash(word, 0, word.length));
      if (this.words[slot] === undefined) this.insert(slot, word, null, hash(word, 0, word.length));
    }
  }

  /** The pooled string for text[start, end), null for a stop word; adds the word when new. */
  get(text: string, start: number, end: number): string | null {
    const h = hash(text, start, end);
    const slot = this.find(text, start, end, h);
    if (this.words[slot] !== undefined) return this.values[slot] as string | null;
    const word = text.slice(start, end);
    this.insert(slot, word, word, h);
    return word;
  }

  /** The slot holding the word, or the empty slot where it belongs (linear probing). */
  private find(text: string, start: number, end: number, h: number): number {
    const length = end - start;
    let slot = h & this.mask;
    for (;;) {
      const word = this.words[slot];
      if (word === undefined) return slot;
      if (this.hashes[slot] === h && word.length === length && sameSpan(word, text, start)) return slot;
      slot = (slot + 1) & this.mask;
    }
  }

  private insert(slot: number, word: string, value: string | null, h: number): void {
    this.words[slot] = word;
    this.values[slot] = value;
    this.hashes[slot] = h;
    if (++this.size * 2 > this.words.length) this.grow();
  }

  /** Doubles the table (kept at most half full, so probes stay short). */
  private grow(): void {
    const { words, values, hashes } = this;
    const capacity = words.length * 2;
    this.words = new Array<string | undefined>(capacity).fill(undefined);
    this.values = new Array<string | null>(capacity).fill(null);
    this.hashes = new Int32Array(capacity);
    this.mask = capacity - 1;
    for (let i = 0; i < words.length; i++) {
      const word = words[i];
      if (word === undefined) continue;
      let slot = (hashes[i] as number) & this.mask;
      while (this.words[slot] !== undefined) slot = (slot + 1) & this.mask;
      this.words[slot] = word;
      this.values[slot] = values[i] as string | null;
      this.hashes[slot] = hashes[i] as number;
    }
  }
}

function hash(text: string, start: number, end: number): number {
  let h = 0x811c9dc5 | 0;
  for (let i = start; i < end; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h;
}

function sameSpan(word: string, text: string, start: number): boolean {
  for (let i = 0; i < word.length; i++) if (word.charCodeAt(i) !== text.charCodeAt(start + i)) return false;
  return true;
}
