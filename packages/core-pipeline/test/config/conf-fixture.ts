import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** Writes `{relativePath: content}` under a fresh temp `conf` folder and returns its path. */
export function makeConf(files: Record<string, string>): string {
  const conf = join(mkdtempSync(join(tmpdir(), 'kedro-conf-')), 'conf');
  mkdirSync(join(conf, 'base'), { recursive: true });
  mkdirSync(join(conf, 'local'), { recursive: true });
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(conf, path)), { recursive: true });
    writeFileSync(join(conf, path), content);
  }
  return conf;
}
