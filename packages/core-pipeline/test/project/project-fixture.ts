/**
 * Small real projects in temp folders. Project modules are plain `.mjs` importing
 * `@kedro-mlflow/core-pipeline`: the project's node_modules links to this package, so jest resolves
 * it to src (same classes as the tests) and native imports (ParallelRunner workers, child
 * processes) to the built dist.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export const PACKAGE_DIR = join(__dirname, '..', '..');

const created: string[] = [];

export interface MakeProjectOptions {
  /** The package.json "kedro" field; `null` leaves it out. */
  kedro?: Record<string, unknown> | null;
  /** Replaces the whole package.json text. */
  packageJsonText?: string;
  /** Create conf/base and conf/local (default true). */
  confFolders?: boolean;
}

export const DEFAULT_KEDRO = { packageName: 'demo', projectName: 'Demo Project', sourceDir: 'src', kedroMlflowInitVersion: '0.1.0' };

/** Writes `{relativePath: content}` into a fresh project folder and returns its path. */
export function makeProject(files: Record<string, string> = {}, options: MakeProjectOptions = {}): string {
  const root = mkdtempSync(join(tmpdir(), 'kedro-project-'));
  created.push(root);
  const kedro = options.kedro === undefined ? DEFAULT_KEDRO : options.kedro;
  const pkg: Record<string, unknown> = { name: 'demo', type: 'module', private: true };
  if (kedro !== null) pkg.kedro = kedro;
  writeFileSync(join(root, 'package.json'), options.packageJsonText ?? JSON.stringify(pkg, null, 2));
  mkdirSync(join(root, 'node_modules', '@kedro-mlflow'), { recursive: true });
  symlinkSync(PACKAGE_DIR, join(root, 'node_modules', '@kedro-mlflow', 'core-pipeline'), 'dir');
  if (options.confFolders !== false) {
    mkdirSync(join(root, 'conf', 'base'), { recursive: true });
    mkdirSync(join(root, 'conf', 'local'), { recursive: true });
  }
  writeFiles(root, files);
  return root;
}

export function writeFiles(root: string, files: Record<string, string>): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
}

export function removeProjects(): void {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** The registry template of `kedro-mlflow new`. */
export const REGISTRY_MJS = `import { findPipelines, Pipeline } from '@kedro-mlflow/core-pipeline';

export async function registerPipelines() {
  const pipelines = await findPipelines(import.meta.url);
  pipelines.__default__ = Pipeline.sum(Object.values(pipelines));
  return pipelines;
}
`;

/** A pipeline module: `nodes` is the body of the array given to pipeline([...]). */
export function pipelineModule(nodes: string, helpers = ''): string {
  return `import { node, pipeline } from '@kedro-mlflow/core-pipeline';\n${helpers}\nexport function createPipeline() {\n  return pipeline([\n${nodes}\n  ]);\n}\n`;
}
