import { parseFilter, parseOrderBy } from '../../src/store/file/search-filter.js';
import { compare, decodePageToken, encodePageToken, likeRegex, paginate, sortBy, checkMaxResults } from '../../src/store/file/search-eval.js';

const code = (fn: () => unknown): string => {
  try {
    fn();
  } catch (error) {
    return (error as { errorCode: string }).errorCode;
  }
  return 'no error';
};

describe('search filter grammar', () => {
  it('parses entities, aliases of entity names, quoted keys, operators and values', () => {
    expect(parseFilter("metrics.acc > 0.9 AND params.model = 'lr' and tags.`my tag` != \"x\"")).toEqual([
      { entity: 'metric', key: 'acc', comparator: '>', value: 0.9 },
      { entity: 'param', key: 'model', comparator: '=', value: 'lr' },
      { entity: 'tag', key: 'my tag', comparator: '!=', value: 'x' },
    ]);
    expect(parseFilter('metric.loss <= -1.5e-3')).toEqual([{ entity: 'metric', key: 'loss', comparator: '<=', value: -1.5e-3 }]);
    expect(parseFilter('tags.mlflow.runName = \'r\'')[0]).toMatchObject({ entity: 'tag', key: 'mlflow.runName' });
    expect(parseFilter('metrics."a b" >= 1')[0]).toMatchObject({ entity: 'metric', key: 'a b' });
    expect(parseFilter("attributes.run_name LIKE 'x%'")[0]).toMatchObject({ entity: 'attribute', key: 'run_name', comparator: 'LIKE' });
    expect(parseFilter("name ilike '%X%'")[0]).toMatchObject({ entity: 'attribute', key: 'name', comparator: 'ILIKE', value: '%X%' });
    expect(parseFilter("run.status IN ('FINISHED', 'FAILED')")[0]).toMatchObject({ comparator: 'IN', value: ['FINISHED', 'FAILED'] });
    expect(parseFilter("attr.run_id NOT IN ('a')")[0]).toMatchObject({ comparator: 'NOT IN', value: ['a'] });
    expect(parseFilter('tags.k IS NULL AND params.p IS NOT NULL')).toEqual([
      { entity: 'tag', key: 'k', comparator: 'IS NULL', value: null },
      { entity: 'param', key: 'p', comparator: 'IS NOT NULL', value: null },
    ]);
    expect(parseFilter("datasets.context = 'training'")[0]).toMatchObject({ entity: 'dataset', key: 'context' });
    expect(parseFilter('  ')).toEqual([]);
    expect(parseFilter(undefined)).toEqual([]);
  });

  it('keeps quoted text verbatim between the outer quotes, like MLflow', () => {
    expect(parseFilter("params.p = 'it''s'")[0]!.value).toBe("it''s");
    expect(parseFilter("params.p = 'a = b AND c'")[0]!.value).toBe('a = b AND c');
  });

  it('rejects what MLflow rejects with INVALID_PARAMETER_VALUE', () => {
    for (const bad of ["metrics.a > 1 OR metrics.b > 1", "foo.bar = 'x'", "params.p = 'x", 'metrics.a >', "params.p 'x'", "metrics.a > 1 metrics.b", "tags.t IN ()", "params.p = 'x' AND", '$'] ) {
      expect(code(() => parseFilter(bad))).toBe('INVALID_PARAMETER_VALUE');
    }
  });

  it('parses order-by entries', () => {
    expect(parseOrderBy('metrics.acc DESC')).toEqual({ entity: 'metric', key: 'acc', ascending: false });
    expect(parseOrderBy('name')).toEqual({ entity: 'attribute', key: 'name', ascending: true });
    expect(parseOrderBy('tags.`a b` asc')).toEqual({ entity: 'tag', key: 'a b', ascending: true });
    expect(code(() => parseOrderBy('name sideways'))).toBe('INVALID_PARAMETER_VALUE');
    expect(code(() => parseOrderBy(''))).toBe('INVALID_PARAMETER_VALUE');
  });
});

describe('search evaluation', () => {
  it('implements LIKE (case-sensitive) and ILIKE with % and _ and escapes regex characters', () => {
    expect(likeRegex('ab%', false).test('abc')).toBe(true);
    expect(likeRegex('ab%', false).test('Abc')).toBe(false);
    expect(likeRegex('ab%', true).test('ABC')).toBe(true);
    expect(likeRegex('%b_', false).test('abc')).toBe(true);
    expect(likeRegex('%b_', false).test('abcd')).toBe(false);
    expect(likeRegex('a.c', false).test('abc')).toBe(false);
    expect(likeRegex('a.c(', false).test('a.c(')).toBe(true);
  });

  it('compares with MLflow semantics: missing values never match, except IS NULL', () => {
    expect(compare('=', undefined, 'x')).toBe(false);
    expect(compare('!=', undefined, 'x')).toBe(false);
    expect(compare('IS NULL', undefined, null)).toBe(true);
    expect(compare('IS NOT NULL', 'v', null)).toBe(true);
    expect(compare('>', 2, 1)).toBe(true);
    expect(compare('>', NaN, 1)).toBe(false);
    expect(compare('!=', NaN, 1)).toBe(true);
    expect(compare('IN', 'b', ['a', 'b'])).toBe(true);
    expect(compare('NOT IN', 'b', ['a', 'b'])).toBe(false);
  });

  it('sorts stably on several keys with missing values and NaN last', () => {
    const items = [
      { id: 'a', v: 2 }, { id: 'b', v: undefined }, { id: 'c', v: NaN }, { id: 'd', v: 1 }, { id: 'e', v: 2 },
    ];
    const asc = sortBy(items, [{ ascending: true, get: (i) => i.v }]).map((i) => i.id);
    expect(asc).toEqual(['d', 'a', 'e', 'c', 'b']);
    const desc = sortBy(items, [{ ascending: false, get: (i) => i.v }, { ascending: true, get: (i) => i.id }]).map((i) => i.id);
    expect(desc).toEqual(['a', 'e', 'd', 'c', 'b']);
  });

  it("pages with MLflow's base64 {offset} tokens", () => {
    const token = encodePageToken(10);
    expect(JSON.parse(Buffer.from(token, 'base64').toString())).toEqual({ offset: 10 });
    expect(decodePageToken(token)).toBe(10);
    const page1 = paginate([1, 2, 3, 4, 5], undefined, 2);
    expect(page1.items).toEqual([1, 2]);
    const page3 = paginate([1, 2, 3, 4, 5], paginate([1, 2, 3, 4, 5], page1.nextPageToken, 2).nextPageToken, 2);
    expect(page3).toEqual({ items: [5] });
    expect(code(() => decodePageToken('not a token!'))).toBe('INVALID_PARAMETER_VALUE');
    expect(code(() => decodePageToken(Buffer.from('{"offset": -1}').toString('base64')))).toBe('INVALID_PARAMETER_VALUE');
  });

  it('checks max_results', () => {
    expect(checkMaxResults(undefined, 100, 1000)).toBe(100);
    expect(code(() => checkMaxResults(0, 100, 1000))).toBe('INVALID_PARAMETER_VALUE');
    expect(code(() => checkMaxResults(1001, 100, 1000))).toBe('INVALID_PARAMETER_VALUE');
    expect(code(() => checkMaxResults(1.5, 100, 1000))).toBe('INVALID_PARAMETER_VALUE');
  });
});
