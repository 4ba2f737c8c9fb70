/**
 * `logText` / `logDict` as files: the text goes to a temporary file named like the artifact, which
 * `upload` sends to the artifact's parent folder; the temporary folder is removed afterwards.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { MlflowApiError } from '../errors/mlflow-api-error.js';
import { normalizeArtifactPath } from '../uri/artifact-path.js';

export async function withTextFile(text: string, artifactFile: string, upload: (localFile: string, parent: string | undefined) => Promise<void>): Promise<void> {
  const rel = normalizeArtifactPath(artifactFile);
  if (rel === '') throw new MlflowApiError({ errorCode: 'INVALID_PARAMETER_VALUE', message: 'logText needs a file name, got an empty artifact path.' });
  const dir = await mkdtemp(join(tmpdir(), 'mlflow-text-'));
  try {
    const local = join(dir, basename(rel));
    await writeFile(local, text, 'utf8');
    await upload(local, rel.includes('/') ? rel.slice(0, rel.lastIndexOf('/')) : undefined);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The text `logDict` writes: indented JSON and a final newline. */
export const dictText = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;
