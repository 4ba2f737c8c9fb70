import { DatasetError, generateTimestamp, isSafeVersion, parseTimestamp, validateVersionString } from '@kedro-mlflow/core-pipeline';

describe('version timestamps', () => {
  it("uses kedro's format, which sorts chronologically", () => {
    expect(generateTimestamp(new Date(Date.UTC(2024, 0, 15, 10, 30, 0, 123)))).toBe('2024-01-15T10.30.00.123Z');
    expect(generateTimestamp()).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}\.\d{2}\.\d{2}\.\d{3}Z$/);
    const earlier = generateTimestamp(new Date(Date.UTC(2024, 0, 9)));
    const later = generateTimestamp(new Date(Date.UTC(2024, 0, 10)));
    expect([later, earlier].sort()).toEqual([earlier, later]);
  });

  it('parses a generated timestamp back to its date', () => {
    const date = new Date(Date.UTC(2023, 11, 31, 23, 59, 59, 999));
    expect(parseTimestamp(generateTimestamp(date))?.getTime()).toBe(date.getTime());
    expect(parseTimestamp('first')).toBeUndefined();
    expect(parseTimestamp('2024-13-45T99.99.99.999Z')).toBeUndefined();
  });
});

describe('version strings', () => {
  it.each(['', '.', '..', 'a/b', '../x', 'a\\b', 'nul\0'])('rejects %j', (version) => {
    expect(isSafeVersion(version)).toBe(false);
    expect(() => validateVersionString(version)).toThrow(DatasetError);
    expect(() => validateVersionString(version)).toThrow(`Version string '${version}' is not allowed.`);
  });

  it('accepts single folder names', () => {
    expect(validateVersionString('2024-01-15T10.30.00.123Z')).toBe('2024-01-15T10.30.00.123Z');
    expect(validateVersionString('first')).toBe('first');
    expect(isSafeVersion('v1.2')).toBe(true);
  });

  it('rejects non-strings', () => {
    expect(() => validateVersionString(3)).toThrow("Version string '3' is not allowed.");
  });
});
