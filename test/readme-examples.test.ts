/**
 * Every package README opens with an example that must run as written: this transpiles the first
 * ```ts block, runs it against the built package, and checks each `console.log(...); // expected`.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { transformSync } from '@swc/core';

const root = join(__dirname, '..');
const packages = readdirSync(join(root, 'packages'))
  .map((name) => join(root, 'packages', name))
  .filter((dir) => existsSync(join(dir, 'README.md')) && JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).private !== true);

function firstExample(readme: string): string {
  const match = /```ts\n([\s\S]*?)```/.exec(readme);
  if (match === null) throw new Error('the README has no ```ts example');
  return match[1]!;
}

describe.each(packages.map((dir) => [dir.split('/').pop()!, dir]))('README example of %s', (_name, dir) => {
  it('runs and prints what its comments say', () => {
    const source = firstExample(readFileSync(join(dir, 'README.md'), 'utf8'));
    const expected = source
      .split('\n')
      .filter((line) => line.includes('console.log(') && line.includes('// '))
      .map((line) => line.slice(line.lastIndexOf('// ') + 3).trim());
    const { code } = transformSync(source, { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'es6' }, isModule: true });
    const file = join(dir, `.readme-example-${process.pid}.mjs`);
    writeFileSync(file, code);
    try {
      const out = execFileSync(process.execPath, [file], { cwd: dir, encoding: 'utf8', env: { ...process.env, KEDRO_LOG_LEVEL: 'silent' } });
      const printed = out.trim().split('\n').map((l) => l.trim());
      expect(printed.slice(0, expected.length)).toEqual(expected);
    } finally {
      rmSync(file, { force: true });
    }
  }, 60_000);
});
