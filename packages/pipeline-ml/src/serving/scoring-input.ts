/**
 * An `/invocations` input once read, before the signature is applied: named rows, rows of values
 * by position, or a value passed on as it is (tensors, arbitrary JSON for models without a
 * column-based signature).
 */
export type ScoringInput =
  /** `columns`: the names sent (dataframe_split, CSV), known even when there are no rows. */
  | { shape: 'records'; rows: Array<Record<string, unknown>>; columns?: string[] }
  | { shape: 'positional'; rows: unknown[][] }
  | { shape: 'raw'; value: unknown };

export type InputFormat = 'dataframe_split' | 'dataframe_records' | 'instances' | 'inputs' | 'csv';

export interface ScoringRequest {
  format: InputFormat;
  input: ScoringInput;
  /** The value under the format key as sent (what tensor-based or signature-less models get). */
  value: unknown;
  /** The body's `params`, unchecked (undefined when absent). */
  params: Record<string, unknown> | undefined;
}
