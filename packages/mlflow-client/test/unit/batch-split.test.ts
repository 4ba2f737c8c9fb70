import { splitBatch, type Metric } from '@kedro-mlflow/mlflow-client';

const metric = (i: number): Metric => ({ key: 'm', value: i, timestamp: i, step: i });
const kv = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => ({ key: `${prefix}${i}`, value: String(i) }));

describe('splitBatch', () => {
  it('keeps a small batch in one request', () => {
    const chunks = splitBatch({ metrics: [metric(1)], params: kv('p', 2), tags: kv('t', 3) });
    expect(chunks).toHaveLength(1);
    expect(chunks[0]!.params).toHaveLength(2);
  });

  it('respects 1000 metrics / 100 params / 100 tags / 1000 entities per request, in order', () => {
    const metrics = Array.from({ length: 2500 }, (_, i) => metric(i));
    const params = kv('p', 150);
    const tags = kv('t', 120);
    const chunks = splitBatch({ metrics, params, tags });
    for (const c of chunks) {
      expect(c.metrics.length).toBeLessThanOrEqual(1000);
      expect(c.params.length).toBeLessThanOrEqual(100);
      expect(c.tags.length).toBeLessThanOrEqual(100);
      expect(c.metrics.length + c.params.length + c.tags.length).toBeLessThanOrEqual(1000);
    }
    expect(chunks.flatMap((c) => c.metrics)).toEqual(metrics);
    expect(chunks.flatMap((c) => c.params)).toEqual(params);
    expect(chunks.flatMap((c) => c.tags)).toEqual(tags);
    // 2 chunks carry params/tags (800 + 930 metrics), then 770 metrics remain.
    expect(chunks.map((c) => c.metrics.length)).toEqual([800, 930, 770]);
  });

  it('gives nothing for an empty batch', () => {
    expect(splitBatch({})).toEqual([]);
  });
});
