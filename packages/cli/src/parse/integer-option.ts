/** Whole-number flag values (`--workers 2`, `--max-concurrent-nodes 4`), with a CliError naming the flag. */
import { CliError } from '../errors.js';

/** A whole number within bounds, or a CliError naming the flag. */
export function integerOption(flag: string, value: string, min: number, max: number): number {
  const number = /^\s*\d+\s*$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(number) || number < min || number > max) {
    throw new CliError(`Invalid value for '${flag}': '${value}' is not a whole number from ${min} to ${max}.`);
  }
  return number;
}
