import { ParameterValueError } from './errors/parameter-value-error.js';

/**
 * The decision threshold as a number in [0, 1]; anything else is a ParameterValueError naming `key`
 * (`threshold` for ml_app and the served model, `user_app.threshold` for user_app).
 */
export function checkThreshold(threshold: unknown, key = 'threshold'): number {
  if (typeof threshold !== 'number' || !(threshold >= 0 && threshold <= 1)) {
    throw new ParameterValueError({ key, value: threshold, expected: 'a number between 0 and 1' });
  }
  return threshold;
}
