/** Where a downloaded artifact lands: `root/<rel>`, refusing anything that would land outside `root`. */
import { relative, resolve, sep } from 'node:path';
import { MlflowApiError } from '../errors/mlflow-api-error.js';
import { normalizeArtifactPath } from '../uri/artifact-path.js';

export function localTarget(root: string, rel: string): string {
  const target = resolve(root, ...normalizeArtifactPath(rel).split('/'));
  const inside = relative(root, target);
  if (inside.startsWith('..') || inside.split(sep).includes('..')) {
    throw new MlflowApiError({ errorCode: 'INVALID_PARAMETER_VALUE', message: `Refusing to write ${JSON.stringify(rel)} outside ${root}.` });
  }
  return target;
}
