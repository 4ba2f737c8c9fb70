/**
 * computedImports finds every file whose compiled code calls import()/require() with a computed
 * name, although only the files that could (by their text) are compiled.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Metafile } from 'esbuild';
import { computedImports } from '../../src/model/computed-imports.js';
import { tempDir } from './model-helpers.js';

const FILES: Record<string, string | undefined> = {
  // name → the call it must be reported for (undefined: none)
  'literal.mjs': "export const load = () => import('node:path');\nconst fs = require('node:fs');\n",
  'spaced-literal.cjs': "const p = require( 'node:path' );\nmodule.exports = () => import(\n  'node:os');\n",
  'computed-import.mjs': 'export const load = (name) => import(name);\n',
  'computed-require.cjs': 'module.exports = (name) => require(name);\n',
  'comment-before-paren.mjs': 'export const load = (name) => import /* lazily */ (name);\n',
  'comment-inside.ts': "export const load = (name: string) => import(/* webpackIgnore: true */ name as 'x');\n",
  'comment-before-literal.mjs': "export const load = () => import(/* a chunk */ 'node:path');\n",
  'mentioned-in-a-comment.ts': '// import(name) would not bundle\nexport const x: number = 1;\n',
  'member-require.cjs': 'module.exports = (m, name) => m.require(name);\n',
  'static.ts': "import { join } from 'node:path';\nexport const where = (name: string): string => join('a', name);\n",
};
const EXPECTED: Record<string, string> = {
  'computed-import.mjs': 'import()',
  'computed-require.cjs': 'require()',
  'comment-before-paren.mjs': 'import()',
  'comment-inside.ts': 'import()',
};

it('reports the computed calls, in the metafile order, and nothing for literal, commented or member calls', async () => {
  const dir = tempDir('kpm-computed-');
  for (const [name, code] of Object.entries(FILES)) writeFileSync(join(dir, name), code ?? '');
  // More files than are read at a time, so the batches are exercised.
  for (let i = 0; i < 40; i += 1) writeFileSync(join(dir, `filler-${i}.mjs`), `export const v${i} = ${i};\n`);
  const names = [...Object.keys(FILES), ...Array.from({ length: 40 }, (_, i) => `filler-${i}.mjs`)].reverse();
  const metafile = { inputs: Object.fromEntries(names.map((n) => [n, { bytes: 0, imports: [] }])), outputs: {} } as unknown as Metafile;
  const found = await computedImports(metafile, dir);
  const expected = names.filter((n) => EXPECTED[n] !== undefined).map((n) => ({ file: join(dir, n), call: EXPECTED[n] }));
  expect(found).toEqual(expected);
});
