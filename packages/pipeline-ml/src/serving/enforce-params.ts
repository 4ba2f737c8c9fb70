/**
 * Inference params against the signature's params schema: defaults filled in, a value of the wrong
 * type is a 400 naming the param. An unknown param is a 400 too, where MLflow only logs a warning
 * and drops it: a typo in a param name silently changing nothing is worse than an error. A model
 * without a signature gets the params as sent.
 */
import { applyParamsSchema, type ModelSignature } from '@kedro-mlflow/mlflow-client';
import { ScoringError } from './scoring-error.js';

export function enforceParams(params: Record<string, unknown> | undefined, signature: ModelSignature | undefined): Record<string, unknown> | undefined {
  if (signature === undefined) return params;
  const schema = signature.params ?? [];
  const result = applyParamsSchema(params, schema);
  if (result.ignored.length > 0) {
    const known = schema.length === 0 ? 'the model takes no params' : `the model takes ${schema.map((p) => `'${p.name}'`).join(', ')}`;
    const names = result.ignored.map((n) => `'${n.slice(0, 60)}'`).join(', ');
    throw new ScoringError('params', `Unknown param${result.ignored.length > 1 ? 's' : ''} ${names}: ${known}.`, { params: result.ignored });
  }
  if (result.errors.length > 0) {
    // One param at a time, to name the wrong ones from data rather than from the messages.
    const bad = schema.filter((p) => params !== undefined && applyParamsSchema({ [p.name]: params[p.name] }, [p]).errors.length > 0).map((p) => p.name);
    throw new ScoringError('params', `Invalid params: ${result.errors.join('; ')}.`, { params: bad });
  }
  return schema.length === 0 && params === undefined ? undefined : result.params;
}
