import { node } from '@kedro-mlflow/core-pipeline';
import { arity, parseParameters, parseSource } from '../../src/pipeline/node-signature.js';
import { biconcat, biconcatKw, fanIn, identity } from './fixtures.js';

const texts = (source: string): string[] | undefined => parseSource(source)?.map((p) => p.text);

describe('parameter list parser', () => {
  it('reads function declarations, expressions, async and generator functions', () => {
    expect(texts('function f(a, b) { return a + b; }')).toEqual(['a', 'b']);
    expect(texts('function (a) {}')).toEqual(['a']);
    expect(texts('async function f(a,b,) {}')).toEqual(['a', 'b']);
    expect(texts('function* gen(a) { yield a; }')).toEqual(['a']);
    expect(texts('async function* gen(a, b) {}')).toEqual(['a', 'b']);
    expect(texts('function f() {}')).toEqual([]);
  });

  it('reads arrow functions with and without parentheses', () => {
    expect(texts('x => x')).toEqual(['x']);
    expect(texts('async x => x')).toEqual(['x']);
    expect(texts('async => 1')).toEqual(['async']);
    expect(texts('(a, b) => a + b')).toEqual(['a', 'b']);
    expect(texts('async (a) => a')).toEqual(['a']);
    expect(texts('() => 1')).toEqual([]);
  });

  it('reads methods, including computed and quoted names', () => {
    expect(texts('method(a, b) { return 1; }')).toEqual(['a', 'b']);
    expect(texts('async method(a) {}')).toEqual(['a']);
    expect(texts('*items(a) {}')).toEqual(['a']);
    expect(texts('[Symbol.iterator](a) {}')).toEqual(['a']);
    expect(texts("'odd name('(a) {}")).toEqual(['a']);
    expect(texts('get value() {}')).toEqual([]);
    expect(texts('async(a) {}')).toEqual(['a']);
  });

  it('marks defaults and rest parameters; destructuring counts as one', () => {
    const parsed = parseSource('function f({ a, b = 2 }, [c, d], e = { x: [1, 2] }, ...rest) {}')!;
    expect(parsed.map((p) => p.text)).toEqual(['{ a, b = 2 }', '[c, d]', 'e', '...rest']);
    expect(parsed.map((p) => p.hasDefault)).toEqual([false, false, true, false]);
    expect(parsed.map((p) => p.rest)).toEqual([false, false, false, true]);
    expect(arity(parsed)).toEqual([2, Number.POSITIVE_INFINITY]);
  });

  it('skips strings, templates and comments inside the parameter list', () => {
    expect(texts("function f(a = ')', b = \"(\", c = `${')'}`) {}")).toEqual(['a', 'b', 'c']);
    expect(texts('function f(a /* the ) input */, // b, c\n d) {}')).toEqual(['a', 'd']);
    expect(texts('function /* ( */ f(a) {}')).toEqual(['a']);
  });

  it('gives up on what it cannot read reliably', () => {
    expect(parseSource('function push() { [native code] }')).toBeUndefined();
    expect(parseSource('class A { constructor(a) {} }')).toBeUndefined();
    expect(parseSource('function f(a = /\\)/) {}')).toBeUndefined();
    expect(parseSource('function f(a = 1 / 2) {}')).toBeUndefined();
    expect(parseSource('function f(a, , b) {}')).toBeUndefined();
    expect(parseSource('function f(a')).toBeUndefined();
    expect(parseParameters(Math.max)).toBeUndefined();
    expect(parseParameters(identity.bind(null))).toBeUndefined();
  });

  it('reads real functions as compiled for the tests', () => {
    expect(parseParameters(identity)?.map((p) => p.text)).toEqual(['input1']);
    expect(parseParameters(biconcatKw)?.length).toBe(1);
    expect(parseParameters(fanIn)?.map((p) => p.rest)).toEqual([true]);
  });
});

describe('input binding check (case 11)', () => {
  it('rejects a list of inputs that does not fit the parameters', () => {
    expect(() => node(identity, ['A', 'B'], 'C')).toThrow(
      new TypeError("Inputs of 'identity' function expected ['input1'], but got ['A', 'B']"),
    );
    expect(() => node(biconcat, 'A', 'C')).toThrow("Inputs of 'biconcat' function expected ['input1', 'input2'], but got A");
    expect(() => node(identity, null, 'C')).toThrow("Inputs of 'identity' function expected ['input1'], but got None");
  });

  it('rejects a record input for a function needing several arguments', () => {
    expect(() => node(biconcat, { input1: 'A', input2: 'B' }, 'C')).toThrow(
      "Inputs of 'biconcat' function expected ['input1', 'input2'], but got {'input1': 'A', 'input2': 'B'}",
    );
    expect(() => node(() => 1, { a: 'A' }, 'C')).toThrow(TypeError);
    expect(node(biconcatKw, { input1: 'A', input2: 'B' }, 'C').inputs).toEqual(['A', 'B']);
    expect(node((...args: unknown[]) => args, { a: 'A' }, 'C').inputs).toEqual(['A']);
  });

  it('accepts optional and rest parameters within their range', () => {
    const withDefault = (a: number, b = 2): number => a + b;
    expect(node(withDefault, 'A', 'C').inputs).toEqual(['A']);
    expect(node(withDefault, ['A', 'B'], 'C').inputs).toEqual(['A', 'B']);
    expect(() => node(withDefault, ['A', 'B', 'D'], 'C')).toThrow(TypeError);
    expect(node(fanIn, ['A', 'B', 'D', 'E'], 'C').inputs).toHaveLength(4);
    expect(node(fanIn, null, 'C').outputs).toEqual(['C']);
  });

  it('skips the check when the function cannot be read', () => {
    expect(node(Math.max, ['A', 'B', 'D'], 'C').inputs).toHaveLength(3);
    expect(node(identity.bind(null), ['A', 'B'], 'C').inputs).toHaveLength(2);
  });
});
