#!/usr/bin/env node
// `pnpm bench [name…]`: builds, then runs bench/<name>/index.mjs for each benchmark (all by default).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const benchDir = join(root, 'bench');
const all = readdirSync(benchDir).filter((d) => existsSync(join(benchDir, d, 'index.mjs'))).sort();
const wanted = process.argv.slice(2).filter((a) => a !== '--');
const unknown = wanted.filter((w) => !all.includes(w));
if (unknown.length > 0) {
  console.error(`unknown benchmark(s): ${unknown.join(', ')}; available: ${all.join(', ')}`);
  process.exit(2);
}
const build = spawnSync('pnpm', ['exec', 'turbo', 'run', 'build', '--output-logs=errors-only'], { cwd: root, stdio: 'inherit', env: { TURBO_TELEMETRY_DISABLED: '1', ...process.env } });
if (build.status !== 0) process.exit(build.status ?? 1);
let failed = false;
for (const name of wanted.length > 0 ? wanted : all) {
  const res = spawnSync(process.execPath, [join(benchDir, name, 'index.mjs')], { cwd: root, stdio: 'inherit' });
  if (res.status !== 0) failed = true;
}
process.exit(failed ? 1 : 0);
