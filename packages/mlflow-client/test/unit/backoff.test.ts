import { backoffDelay, parseRetryAfter, RETRY_STATUSES } from '@kedro-mlflow/mlflow-client';

describe('backoffDelay', () => {
  const opts = { factorMs: 2000, jitterMs: 0, capMs: 120_000 };

  it('doubles from the factor: factor × 2^(n-1)', () => {
    expect([1, 2, 3, 4, 5].map((n) => backoffDelay(n, opts))).toEqual([2000, 4000, 8000, 16000, 32000]);
  });

  it('caps at the maximum', () => {
    expect(backoffDelay(7, opts)).toBe(120_000);
    expect(backoffDelay(30, opts)).toBe(120_000);
  });

  it('adds up to `jitter` of random time', () => {
    expect(backoffDelay(1, { ...opts, jitterMs: 1000, random: () => 0.5 })).toBe(2500);
    expect(backoffDelay(1, { ...opts, jitterMs: 1000, random: () => 0 })).toBe(2000);
    const samples = Array.from({ length: 200 }, () => backoffDelay(2, { ...opts, jitterMs: 1000 }));
    expect(Math.min(...samples)).toBeGreaterThanOrEqual(4000);
    expect(Math.max(...samples)).toBeLessThan(5000);
    expect(new Set(samples).size).toBeGreaterThan(1);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');

  it('reads delta-seconds', () => {
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
    expect(parseRetryAfter('1.5', now)).toBe(1500);
    expect(parseRetryAfter(['2', '9'], now)).toBe(2000);
  });

  it('reads an HTTP date, and a past date as 0', () => {
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:05 GMT', now)).toBe(5000);
    expect(parseRetryAfter('Wed, 31 Dec 2025 23:59:00 GMT', now)).toBe(0);
  });

  it('ignores absent and unparseable values', () => {
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter('', now)).toBeUndefined();
    expect(parseRetryAfter('-1', now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });
});

it('retries exactly MLflow’s statuses', () => {
  expect([...RETRY_STATUSES].sort()).toEqual([408, 429, 500, 502, 503, 504]);
});
