/**
 * Layouts already computed, on disk: a pipeline's picture is laid out once per structure, not once per
 * run. The key is a hash of everything the positions depend on (box ids and sizes, edges, dagre's
 * options and version); statuses and durations are drawn over the positions and are not part of it.
 * Entries live in `<cache dir>/dag-layouts/` (the per-user cache folder of core-pipeline's
 * cache-dir.ts; `KEDRO_MLFLOW_CACHE_DIR=off` disables it), are written atomically, and the oldest
 * beyond MAX_ENTRIES are removed. An entry that cannot be read or does not fit its input is a miss.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, statSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { usableCacheDir, wantedCacheDir, writeAtomically } from '@kedro-mlflow/core-pipeline';
import { z } from 'zod';
import { DAGRE_VERSION, type LayoutInput, type LayoutPositions } from './dag-positions.js';

export const DAG_LAYOUTS_FOLDER = 'dag-layouts';
/** About 60 KB each for 400 boxes: a few MB at most. */
export const MAX_ENTRIES = 64;
const ENTRY_SUFFIX = '.json';

const point = z.tuple([z.number().finite(), z.number().finite()]);
const positionsSchema = z.object({
  width: z.number().finite(),
  height: z.number().finite(),
  boxes: z.array(point),
  edges: z.array(z.array(point)),
});

export class DagLayoutCache {
  readonly #dir: string;

  private constructor(dir: string) {
    this.#dir = dir;
  }

  /** The cache of this user, or undefined when it is off or its folder cannot be used. */
  static open(env: NodeJS.ProcessEnv = process.env): DagLayoutCache | undefined {
    const root = wantedCacheDir(env);
    const dir = root === undefined ? undefined : usableCacheDir(join(root, DAG_LAYOUTS_FOLDER));
    return dir === undefined ? undefined : new DagLayoutCache(dir);
  }

  get dir(): string {
    return this.#dir;
  }

  static key(input: LayoutInput): string {
    return createHash('sha256').update(`dagre ${DAGRE_VERSION}\0`).update(JSON.stringify(input)).digest('hex');
  }

  fileOf(key: string): string {
    return join(this.#dir, `${key}${ENTRY_SUFFIX}`);
  }

  /** The positions stored for `input`, or undefined (none, unreadable, or not matching the input). */
  get(key: string, input: LayoutInput): LayoutPositions | undefined {
    const file = this.fileOf(key);
    let positions: LayoutPositions;
    try {
      const parsed = positionsSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
      if (!parsed.success) return undefined;
      positions = parsed.data as LayoutPositions;
    } catch {
      return undefined;
    }
    if (positions.boxes.length !== input.boxes.length || positions.edges.length !== input.edges.length) return undefined;
    try {
      // Used now: eviction removes the least recently used entries.
      const now = new Date();
      utimesSync(file, now, now);
    } catch {
      // Only the eviction order suffers.
    }
    return positions;
  }

  /** Stores the positions (a cache that cannot be written is only slower) and keeps the folder bounded. */
  set(key: string, positions: LayoutPositions): void {
    if (writeAtomically(this.fileOf(key), JSON.stringify(positions))) this.#evict();
  }

  #evict(): void {
    try {
      const entries = readdirSync(this.#dir)
        .filter((name) => name.endsWith(ENTRY_SUFFIX))
        .map((name) => ({ file: join(this.#dir, name), mtime: mtimeOf(join(this.#dir, name)) }));
      if (entries.length <= MAX_ENTRIES) return;
      entries.sort((a, b) => a.mtime - b.mtime);
      for (const { file } of entries.slice(0, entries.length - MAX_ENTRIES)) rmSync(file, { force: true });
    } catch {
      // Another process may be evicting at the same time; the next write tries again.
    }
  }
}

function mtimeOf(file: string): number {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}
