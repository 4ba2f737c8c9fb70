/**
 * Transcoding: one dataset saved by one node and loaded by another through different libraries is
 * written `name@format` (`cars@csv`, `cars@arrow`). The graph (dependencies, free inputs/outputs,
 * uniqueness, filters) uses the base name; the catalog keeps the full names as distinct entries.
 */
import { PipelineError } from '../errors/pipeline-error.js';

export const TRANSCODING_SEPARATOR = '@';

/** `"a@b"` → `["a", "b"]`; `"abc"` → `["abc", ""]`. More than one separator is an error. */
export function transcodeSplit(name: string): [base: string, format: string] {
  const first = name.indexOf(TRANSCODING_SEPARATOR);
  if (first === -1) return [name, ''];
  if (name.indexOf(TRANSCODING_SEPARATOR, first + 1) !== -1) {
    const count = name.split(TRANSCODING_SEPARATOR).length - 1;
    throw new PipelineError(
      `Expected maximum 1 transcoding separator, found ${count} instead: '${name}'.`,
    );
  }
  return [name.slice(0, first), name.slice(first + 1)];
}

/** The base name of a possibly transcoded dataset name (`"cars@csv"` → `"cars"`). */
export function stripTranscoding(name: string): string {
  // Fast path: most names are not transcoded and this runs for every edge of every pipeline.
  return name.indexOf(TRANSCODING_SEPARATOR) === -1 ? name : transcodeSplit(name)[0];
}

/** Whether the name carries a transcoding format. */
export function isTranscoded(name: string): boolean {
  return name.indexOf(TRANSCODING_SEPARATOR) !== -1;
}
