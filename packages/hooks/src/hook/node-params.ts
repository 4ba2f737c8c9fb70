/**
 * What the hook logs before a node runs: its `params:*` and `parameters` inputs, flattened when
 * asked, with names MLflow accepts, and values longer than the limit handled by the configured
 * strategy (fail, log as a tag, or truncate).
 */
import { getLogger } from '@kedro-mlflow/core-pipeline';
import { MAX_RUN_TAG_VALUE_LENGTH } from '@kedro-mlflow/mlflow-client';
import { ParamTooLongError } from '../errors/param-too-long-error.js';
import type { MlflowConfig } from '../config/schema.js';
import { flattenDict } from './flatten-dict.js';

const log = getLogger('kedro-mlflow.hook');

type ParamsConfig = MlflowConfig['tracking']['params'];

/** `params:model.lr` → `model.lr`, `parameters` → `parameters`; other inputs are not parameters. */
export function nodeParameters(inputs: Record<string, unknown>): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(inputs)) {
    if (name.startsWith('params:')) params[name.slice('params:'.length)] = value;
    else if (name === 'parameters') params[name] = value;
  }
  return params;
}

/** Param values as MLflow stores them: strings as they are, everything else as JSON. */
export function paramValueString(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'bigint') return value.toString();
  return JSON.stringify(value) ?? String(value);
}

/** MLflow's name charset; `:` is refused on Windows, where it cannot be in a file name. */
// MLflow's parameter name characters (':' is not allowed on Windows).
const NOT_ALLOWED = { win32: /[^/\p{L}\p{N}_.\- ]/gu, other: /[^/\p{L}\p{N}_.\- :]/gu } as const;

export function sanitizeParamName(name: string, platform: NodeJS.Platform = process.platform): string {
  // One replace over the name: every node's parameters pass here, most of them already valid.
  const sanitized = name.replace(platform === 'win32' ? NOT_ALLOWED.win32 : NOT_ALLOWED.other, '_');
  if (sanitized !== name) log.warn("'%s' is not a valid name for an MLflow parameter. It is renamed as '%s'.", name, sanitized);
  return sanitized;
}

export interface ParamsToLog {
  params: Record<string, string>;
  tags: Record<string, string>;
}

/** The params (and, with the `tag` strategy, tags) to log for a node's inputs. */
export function paramsToLog(inputs: Record<string, unknown>, config: ParamsConfig, platform: NodeJS.Platform = process.platform): ParamsToLog {
  let params = nodeParameters(inputs);
  const { flatten, recursive, sep } = config.dict_params;
  if (flatten) params = flattenDict(params, { recursive, sep });
  const limit = config.long_params_max_length;
  const out: ParamsToLog = { params: {}, tags: {} };
  for (const [rawName, value] of Object.entries(params)) {
    const name = sanitizeParamName(rawName, platform);
    const text = paramValueString(value);
    if (text.length <= limit) {
      out.params[name] = text;
      continue;
    }
    switch (config.long_params_strategy) {
      case 'fail':
        throw new ParamTooLongError({ paramName: name, length: text.length, limit });
      case 'tag':
        if (text.length > MAX_RUN_TAG_VALUE_LENGTH) {
          // A tag has a limit too: say so rather than let the server cut or refuse it.
          log.warn("Parameter '%s' (value length %d) is set as a tag, truncated to MLflow's tag limit of %d characters.", name, text.length, MAX_RUN_TAG_VALUE_LENGTH);
          out.tags[name] = text.slice(0, MAX_RUN_TAG_VALUE_LENGTH);
        } else {
          log.warn("Parameter '%s' (value length %d) is set as a tag.", name, text.length);
          out.tags[name] = text;
        }
        break;
      case 'truncate':
        log.warn("Parameter '%s' (value length %d) is truncated to its %d first characters.", name, text.length, limit);
        out.params[name] = text.slice(0, limit);
        break;
    }
  }
  return out;
}
