/**
 * Files of a bundle that call `import()` or `require()` with a computed name: esbuild leaves such
 * calls as they are without a word, and the model would then fail where the project is not
 * installed. Each candidate file is compiled alone first, so comments and types do not count.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import type { Loader, Metafile } from 'esbuild';

/** After the `(`, anything but a string literal, also behind comments (esbuild keeps those in `import(…)`, e.g. chunk names). */
const COMPUTED = [
  { call: 'import()', pattern: /\bimport\s*\((?!\s*(?:\/\*(?:[^*]|\*(?!\/))*\*\/\s*)*["'`])/ },
  { call: 'require()', pattern: /(?<![.\w$])require\s*\((?!\s*(?:\/\*(?:[^*]|\*(?!\/))*\*\/\s*)*["'`])/ },
] as const;
/**
 * What a file must contain for its compiled code to match COMPUTED: the same calls, or a comment
 * where the name or the `(` would be. Compiling only removes types and comments, it never adds a
 * call, so the files this leaves out (nearly all: `import { x } from '…'`, `require('x')`) need no
 * compiling, which took about two thirds of the bundling time.
 */
const CANDIDATE = /\b(?:import|require)\s*(?:\/[*/]|\(\s*(?!["'`]))/;
const LOADERS: Record<string, Loader> = { '.ts': 'ts', '.mts': 'ts', '.cts': 'ts', '.tsx': 'tsx', '.js': 'js', '.mjs': 'js', '.cjs': 'js', '.jsx': 'jsx' };

export interface ComputedImport {
  /** Absolute path of the file. */
  file: string;
  call: 'import()' | 'require()';
}

/** Files read at a time: enough to keep the disk busy, far below any open-file limit. */
const READ_AHEAD = 16;

async function computedImport(file: string): Promise<ComputedImport | undefined> {
  const loader = LOADERS[extname(file)];
  if (loader === undefined || !existsSync(file)) return undefined;
  const source = await readFile(file, 'utf8');
  if (!CANDIDATE.test(source)) return undefined;
  const { transform } = await import('esbuild');
  const { code } = await transform(source, { loader, legalComments: 'none', logLevel: 'silent' }).catch(() => ({ code: '' }));
  const hit = COMPUTED.find((c) => c.pattern.test(code));
  return hit === undefined ? undefined : { file, call: hit.call };
}

/** The bundle's input files with a computed `import()` / `require()`, in the metafile's order. */
export async function computedImports(metafile: Metafile, cwd: string): Promise<ComputedImport[]> {
  const files = Object.keys(metafile.inputs).map((input) => resolve(cwd, input));
  const found: ComputedImport[] = [];
  for (let i = 0; i < files.length; i += READ_AHEAD) {
    for (const hit of await Promise.all(files.slice(i, i + READ_AHEAD).map(computedImport))) if (hit !== undefined) found.push(hit);
  }
  return found;
}
