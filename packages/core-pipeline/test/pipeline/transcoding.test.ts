import { isTranscoded, PipelineError, stripTranscoding, transcodeSplit, TRANSCODING_SEPARATOR } from '@kedro-mlflow/core-pipeline';

describe('transcoding helpers', () => {
  it('splits a name at its separator', () => {
    expect(TRANSCODING_SEPARATOR).toBe('@');
    expect(transcodeSplit('abc@def')).toEqual(['abc', 'def']);
    expect(transcodeSplit('abc')).toEqual(['abc', '']);
    expect(transcodeSplit('abc@')).toEqual(['abc', '']);
  });

  it('rejects more than one separator', () => {
    expect(() => transcodeSplit('abc@def@ghi')).toThrow(
      new PipelineError("Expected maximum 1 transcoding separator, found 2 instead: 'abc@def@ghi'."),
    );
    expect(() => stripTranscoding('a@b@c@d')).toThrow('found 3 instead');
  });

  it('strips and detects transcoding', () => {
    expect(stripTranscoding('cars@csv')).toBe('cars');
    expect(stripTranscoding('cars')).toBe('cars');
    expect(isTranscoded('cars@csv')).toBe(true);
    expect(isTranscoded('cars')).toBe(false);
  });
});
