/**
 * A save never leaves a half-written file where the last good one was: a serializer failing half
 * way leaves the previous file untouched, and so does a process dying in the middle of the write.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as aq from 'arquero';
import type { AbstractDataset } from '@kedro-mlflow/core-pipeline';
import { AbstractFileDataset, CSVDataset, JSONDataset, ObjectDataset, ParquetDataset, TextDataset, YAMLDataset } from '../src/index.js';
import { fileError, tempFolders } from './helpers.js';

const temp = tempFolders();
const packageDir = join(__dirname, '..');

/** A format whose serializer produces part of its output, then fails. */
class HalfWayDataset extends AbstractFileDataset<string> {
  protected readonly format = 'half-way';
  written: string[] = [];
  protected decode(bytes: Buffer): string {
    return bytes.toString();
  }
  protected encode(data: string): string {
    this.written.push(data.slice(0, 3));
    throw new Error('serializer crashed after 3 characters');
  }
}

describe('atomic saves', () => {
  it('a serializer failing half way leaves the previous file and nothing else', async () => {
    const dir = temp();
    const filepath = join(dir, 'a.txt');
    writeFileSync(filepath, 'last good');
    const ds = new HalfWayDataset({ filepath }, { name: 'half' });
    const error = await fileError(ds.save('new content'));
    expect(error).toMatchObject({ kind: 'unserializable', dataset: "'half'", filepath });
    expect(error.message).toContain('serializer crashed after 3 characters. Nothing was written; the previous file is unchanged.');
    expect(ds.written).toEqual(['new']);
    expect(readFileSync(filepath, 'utf8')).toBe('last good');
    expect(readdirSync(dir)).toEqual(['a.txt']);
  });

  const cases: Array<[string, (filepath: string) => AbstractDataset, unknown]> = [
    ['CSVDataset', (filepath) => new CSVDataset({ filepath }), aq.table({ a: [1, 2], b: ['x', [1]] })],
    ['ParquetDataset', (filepath) => new ParquetDataset({ filepath }), aq.table({ a: [1, 'x'] })],
    ['JSONDataset', (filepath) => new JSONDataset({ filepath }), { a: [1, new Set([2])] }],
    ['YAMLDataset', (filepath) => new YAMLDataset({ filepath }), { a: [1, Symbol('x')] }],
    ['ObjectDataset', (filepath) => new ObjectDataset({ filepath }), { a: [1, () => 2] }],
    ['TextDataset', (filepath) => new TextDataset({ filepath }), ['not', 'text']],
  ];

  it.each(cases)('%s: data failing to serialize keeps the previous file intact', async (_name, make, bad) => {
    const dir = temp();
    const filepath = join(dir, 'data');
    writeFileSync(filepath, 'previous bytes');
    expect((await fileError(make(filepath).save(bad))).kind).toBe('unserializable');
    expect(readFileSync(filepath, 'utf8')).toBe('previous bytes');
    expect(readdirSync(dir)).toEqual(['data']);
  });

  it('a process killed in the middle of writing leaves the previous file intact', () => {
    const dir = temp();
    const filepath = join(dir, 'notes.txt');
    writeFileSync(filepath, 'last good');
    // The child crashes (SIGKILL, no cleanup) after writing half of the new content to disk.
    const crash = join(dir, 'crash.cjs');
    writeFileSync(
      crash,
      `const fs = require('node:fs');
const write = fs.write;
fs.write = function (fd, buffer, offset, length, position, callback) {
  fs.writeSync(fd, buffer, 0, Math.floor(buffer.length / 2), 0);
  fs.fsyncSync(fd);
  process.kill(process.pid, 'SIGKILL');
};`,
    );
    const script = `const { TextDataset } = await import(${JSON.stringify(join(packageDir, 'dist', 'index.bundle.js'))});
await new TextDataset({ filepath: ${JSON.stringify(filepath)} }).save('x'.repeat(100000));`;
    let signal: string | undefined;
    try {
      execFileSync(process.execPath, ['--require', crash, '--input-type=module', '-e', script], { stdio: 'pipe' });
    } catch (error) {
      signal = (error as { signal?: string }).signal;
    }
    expect(signal).toBe('SIGKILL');
    expect(readFileSync(filepath, 'utf8')).toBe('last good');
    // The half-written temporary file is beside it, under another name.
    const others = readdirSync(dir).filter((name) => name !== 'notes.txt' && name !== 'crash.cjs');
    expect(others).toHaveLength(1);
    expect(others[0]).toMatch(/^notes\.txt\.\w+$/);
    expect(readFileSync(join(dir, others[0]!), 'utf8')).toBe('x'.repeat(50000));
  });
});
