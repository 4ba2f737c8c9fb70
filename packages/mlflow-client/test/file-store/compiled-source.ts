/**
 * The package's `src/` compiled to plain ESM JavaScript in a temp folder (with @swc/core, already a
 * dev dependency of the workspace), so child Node processes of the concurrency tests run the
 * current sources without a build step.
 */
import { mkdirSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { mkdtempSync } from 'node:fs';
import { transformFileSync } from '@swc/core';

const packageDir = join(__dirname, '..', '..');
let compiled: string | undefined;

export function compiledSource(): string {
  if (compiled !== undefined) return compiled;
  const out = mkdtempSync(join(tmpdir(), 'mlflow-client-src-'));
  const srcDir = join(packageDir, 'src');
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) {
        const target = join(out, 'src', relative(srcDir, path)).replace(/\.ts$/, '.js');
        try {
          const { code } = transformFileSync(path, {
            jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
            module: { type: 'es6' },
            sourceMaps: false,
          });
          mkdirSync(dirname(target), { recursive: true });
          writeFileSync(target, code);
        } catch {
          // a file another engineer is in the middle of editing: not needed by the file store
        }
      }
    }
  };
  walk(srcDir);
  writeFileSync(join(out, 'package.json'), JSON.stringify({ type: 'module' }));
  symlinkSync(join(packageDir, 'node_modules'), join(out, 'node_modules'), 'dir');
  compiled = out;
  return out;
}

export function removeCompiledSource(): void {
  if (compiled !== undefined) rmSync(compiled, { recursive: true, force: true });
  compiled = undefined;
}
