/** Spawning the built `kedro-mlflow` binary against projects made by `kedro-mlflow new` in temp folders. */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';

export const BIN = join(__dirname, '..', 'dist', 'bin.js');

export function ensureBuilt(): void {
  if (!existsSync(BIN)) throw new Error(`${BIN} does not exist: build the CLI first (cd packages/cli && npx tsc -b)`);
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  cwd: string;
  env?: Record<string, string | undefined>;
}

/** The environment of a spawned CLI: info logs, no colours, nothing inherited that changes behaviour. */
export function cliEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, KEDRO_LOG_LEVEL: 'info', NO_COLOR: '1' };
  for (const key of ['FORCE_COLOR', 'KEDRO_ENV', 'KEDRO_LOG_FORMAT', 'CI']) delete env[key];
  for (const [key, value] of Object.entries(extra)) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return env;
}

export function cli(args: string[], options: CliOptions): CliResult {
  const res = spawnSync(process.execPath, [BIN, ...args], { cwd: options.cwd, env: cliEnv(options.env), encoding: 'utf8' });
  if (res.error) throw res.error;
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

export function cliAsync(args: string[], options: CliOptions): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: options.cwd, env: cliEnv(options.env) });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Runs CLI invocations at most `limit` at a time (the machine has few cores). */
export async function cliAll(calls: Array<[string[], CliOptions]>, limit = 3): Promise<CliResult[]> {
  const results: CliResult[] = new Array(calls.length);
  let next = 0;
  const worker = async () => {
    while (next < calls.length) {
      const i = next++;
      const [args, options] = calls[i]!;
      results[i] = await cliAsync(args, options);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, calls.length) }, worker));
  return results;
}

export function tempDir(label: string): string {
  return mkdtempSync(join(tmpdir(), `kedro-mlflow-cli-${label}-`));
}

/** `kedro-mlflow new --name <name>` in `parent`; returns the project folder. */
export function newProject(parent: string, name = 'Demo Project', extra: string[] = []): string {
  const res = cli(['new', '--name', name, ...extra], { cwd: parent });
  if (res.code !== 0) throw new Error(`kedro-mlflow new failed (${res.code}):\n${res.stderr}`);
  return res.stdout.trim();
}

/** A copy of a project (without its data outputs), to change files in. */
export function copyProject(project: string, dest: string): string {
  cpSync(project, dest, { recursive: true, filter: (src) => !/data\/0[2-8]_[a-z_]+\/.+\.json/.test(src) });
  return dest;
}

export interface LogLine {
  level: string;
  name?: string;
  msg: string;
}

/** The JSON log records among stderr lines (the summary and error messages are plain text). */
export function logRecords(stderr: string): LogLine[] {
  return stderr
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as LogLine);
}

export function readJson<T = unknown>(file: string): T {
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

export function removeDir(dir: string | undefined): void {
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
}

export interface RunDocument {
  status: string;
  sessionId: string;
  env: string;
  pipelines: string[];
  nodes: Array<{ name: string; status: string; seconds: number | null }>;
  outputs: Array<{ dataset: string; type: string; path: string | null }>;
  error: null | { type: string; message: string; nodeName?: string; resumeFromNodes?: string[] };
}

export function runDocument(res: CliResult): RunDocument {
  try {
    return JSON.parse(res.stdout) as RunDocument;
  } catch {
    throw new Error(`stdout is not a JSON document (exit ${res.code}):\n${res.stdout}\nstderr:\n${res.stderr}`);
  }
}

export function ran(doc: RunDocument): string[] {
  return doc.nodes.filter((n) => n.status === 'completed').map((n) => n.name);
}

/** The usual fixture of a CLI test file: a built CLI and a project made by `new` in a fresh temp folder. */
export function generatedProject(label: string, name?: string): { work: string; project: string } {
  ensureBuilt();
  const work = tempDir(label);
  return { work, project: name === undefined ? newProject(work) : newProject(work, name) };
}

/**
 * Turns tracking off in a project made by `new`, the way settings.ts documents: the MLflow hook is not
 * loaded, and the catalog's MLflow datasets, which would have no run, become local ones (a metric is
 * dropped, so its value stays in memory; an artifact becomes the dataset it wraps).
 */
export function withoutTracking(project: string): void {
  const settings = join(project, 'src', 'settings.ts');
  const text = readFileSync(settings, 'utf8');
  if (!text.includes('hooks: [],')) throw new Error(`${settings} has no 'hooks: [],' line: the template changed`);
  writeFileSync(settings, text.replace('hooks: [],', "hooks: [],\n  disableHooksForPlugins: ['@kedro-mlflow/hooks'],"));
  const catalogFile = join(project, 'conf', 'base', 'catalog.yml');
  const catalog = parse(readFileSync(catalogFile, 'utf8')) as Record<string, { type: string; dataset?: unknown }>;
  const local = Object.entries(catalog).flatMap(([name, entry]) => {
    if (/^Mlflow(Metric|Metrics)(History)?Dataset$/.test(entry.type)) return [];
    return [[name, entry.type === 'MlflowArtifactDataset' ? entry.dataset : entry]];
  });
  writeFileSync(catalogFile, stringify(Object.fromEntries(local)));
}
