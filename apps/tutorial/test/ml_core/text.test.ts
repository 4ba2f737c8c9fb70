/** Text preparation: what cleanText keeps, what tokenize drops, and the one-pass prepareTokens equal to the three steps. */
import { cleanText, englishStopWords, prepareCorpus, prepareTokens, removeStopWords, SeededRandom, tokenize } from '../../src/ml_core/index.js';
import { WordPool } from '../../src/ml_core/word-pool.js';

describe('cleanText', () => {
  it('lower-cases, turns <br /> and punctuation into single spaces and trims', () => {
    expect(cleanText('  A GREAT film!<br /><br />Loved it... 10/10  ')).toBe('a great film loved it 10 10');
    expect(cleanText("Don't<BR>stop<br/>now")).toBe('don t stop now');
  });

  it('keeps letters and digits of any script, drops symbols and underscores', () => {
    expect(cleanText('Amélie (2001) — Ελληνικά_ok; 東京 ★★★')).toBe('amélie 2001 ελληνικά ok 東京');
    expect(cleanText('𝒜lpha 😀 beta')).toBe('𝒜lpha beta');
  });

  it('leaves no "br" from line breaks but keeps a real word containing br', () => {
    expect(cleanText('bring<br />brown')).toBe('bring brown');
  });

  it('gives the empty string for text without words', () => {
    expect(cleanText(' ...!? <br /> ')).toBe('');
  });
});

describe('tokenize and stop words', () => {
  it('drops one-character tokens, like the default token pattern of scikit-learn', () => {
    expect(tokenize(cleanText("It's a 9, I don't care"))).toEqual(['it', 'don', 'care']);
    expect(tokenize('')).toEqual([]);
  });

  it('removes the words of the stop list and nothing else', () => {
    const stop = new Set(['the', 'was']);
    expect(removeStopWords(['the', 'movie', 'was', 'theatre'], stop)).toEqual(['movie', 'theatre']);
  });

  it('reads the English list of the stopword package, which keeps negations', () => {
    const words = englishStopWords();
    expect(words.length).toBeGreaterThan(100);
    expect(words).toEqual(expect.arrayContaining(['the', 'and', 'about']));
    expect(words).not.toContain('not');
    words.pop();
    expect(englishStopWords().length).toBe(words.length + 1);
  });

  it('prepareTokens equals removeStopWords(tokenize(cleanText(…))) on random mixed text', () => {
    const random = new SeededRandom(11);
    const pieces = ['The', 'movie', '<br />', '<br>', '<b>', "don't", 'A', 'é', 'Ωmega', '😀', '𝒜', '  ', '!', '...', '10/10', 'x', '_', 'BR', '<', 'not'];
    const stop = new Set(englishStopWords());
    const texts: string[] = [];
    for (let run = 0; run < 500; run++) {
      let text = '';
      const length = random.nextInt(30);
      for (let i = 0; i < length; i++) text += (pieces[random.nextInt(pieces.length)] as string) + (random.nextInt(2) ? ' ' : '');
      expect(prepareTokens(text, stop)).toEqual(removeStopWords(tokenize(cleanText(text)), stop));
      texts.push(text);
    }
    expect(prepareCorpus(texts, stop)).toEqual(texts.map((t) => prepareTokens(t, stop)));
  });

  it('prepareCorpus gives each text its prepareTokens, stop words and repeats included', () => {
    const texts = ['The movie, the MOVIE!', '', 'not the end<br />of it', 'movie movie'];
    const stop = new Set(['the', 'of']);
    expect(prepareCorpus(texts, stop)).toEqual(texts.map((t) => prepareTokens(t, stop)));
    expect(prepareCorpus(texts, stop)[0]).toEqual(['movie', 'movie']);
  });
});

describe('WordPool', () => {
  it('answers null for a stop word and one shared string for each other word, found from its span', () => {
    const pool = new WordPool(['the', 'of']);
    expect(pool.get('xthey', 1, 4)).toBeNull();
    const first = pool.get('a movie', 2, 7);
    expect(first).toBe('movie');
    expect(pool.get('movies', 0, 5)).toBe('movie');
    expect(pool.get('movies', 0, 6)).toBe('movies');
  });

  it('keeps every word apart through many growths (20,000 distinct words, each looked up twice)', () => {
    const pool = new WordPool([]);
    const words = Array.from({ length: 20000 }, (_, i) => `w${i.toString(36)}`);
    for (const w of words) expect(pool.get(` ${w} `, 1, w.length + 1)).toBe(w);
    const wrong = words.filter((w) => pool.get(w, 0, w.length) !== w);
    expect(wrong).toEqual([]);
  });
});
