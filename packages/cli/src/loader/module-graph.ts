/**
 * The compiled copy of each project module, in the compile cache:
 *
 * - `records/<key>.json`: what compiling a file gave, keyed by (salt, path, text). An unchanged file
 *   is never compiled again, and a run that finds every record needs no compiler at all.
 * - `modules/<name>.<key>.mjs`: the module Node imports, keyed by its record and by the keys of the
 *   modules it imports (a Merkle tree): a file whose import changed gets a new URL, so it can never
 *   run against an old copy of that import. One URL per content also means one module instance.
 *
 * A file that cannot be compiled (see compile-module.ts), or that imports one that cannot, or that
 * sits on an import cycle, is "not compiled": it is imported by its own URL through the loader hooks.
 * That verdict depends only on the files, so every thread (main, hooks, workers) reaches the same.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { basename, join, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { readText, sha1, usableCacheDir, writeAtomically } from './cache-files.js';
import { compileModule, type CompiledModule, type CompileResult } from './compile-module.js';

export interface ProjectModule {
  /** What to import: the compiled copy's URL, or the source's own (through the hooks). */
  url: string;
  compiled: boolean;
  /** Why it is not compiled. */
  reason?: string;
}

type CachedRecord = CompiledModule | { kind: 'uncompilable'; reason: string };

export interface ModuleGraphOptions {
  /** The cache folder (records/ and modules/ go inside); undefined: compile in memory every run. */
  cacheDir: string | undefined;
  salt: string;
  fallbackDir: string;
  projectRoot: string;
}

export class ModuleGraph {
  readonly #options: ModuleGraphOptions;
  readonly #records: string | undefined;
  readonly #modules: string | undefined;
  readonly #known = new Map<string, ProjectModule>();
  #queue: Promise<unknown> = Promise.resolve();

  constructor(options: ModuleGraphOptions) {
    this.#options = options;
    const dir = options.cacheDir === undefined ? undefined : usableCacheDir(options.cacheDir);
    this.#records = dir === undefined ? undefined : join(dir, 'records');
    this.#modules = dir === undefined ? undefined : join(dir, 'modules');
    for (const sub of [this.#records, this.#modules]) if (sub !== undefined) mkdirSync(sub, { recursive: true, mode: 0o700 });
  }

  /** Whether `path` is one of the compiled copies. */
  holds(path: string): boolean {
    return this.#modules !== undefined && path.startsWith(this.#modules + sep);
  }

  /** The module to import for a project source file (one walk at a time: cycles are found on the stack). */
  moduleFor(file: string): Promise<ProjectModule> {
    const next = this.#queue.then(() => this.#visit(file, []));
    this.#queue = next.catch(() => undefined);
    return next;
  }

  async #visit(file: string, stack: string[]): Promise<ProjectModule> {
    const known = this.#known.get(file);
    if (known !== undefined) return known;
    const source = (reason: string): ProjectModule => ({ url: pathToFileURL(file).href, compiled: false, reason });
    if (this.#modules === undefined) return source('the compile cache is off or not writable');
    if (stack.includes(file)) {
      // Every file of the cycle is imported through the hooks (where cycles work as in Node).
      for (const member of stack.slice(stack.indexOf(file))) this.#known.set(member, source('it is on an import cycle'));
      return source('it is on an import cycle');
    }
    let text: Buffer;
    try {
      text = readFileSync(file);
    } catch {
      return source('it cannot be read');
    }
    const recordKey = sha1(this.#options.salt, file, text);
    const record = await this.#record(file, recordKey);
    let result: ProjectModule;
    if (record.kind === 'uncompilable') {
      result = source(record.reason);
    } else {
      const inner = [...stack, file];
      const deps: ProjectModule[] = [];
      for (const dep of record.deps) deps.push(await this.#visit(dep, inner));
      // A cycle found below may have marked this file already.
      const marked = this.#known.get(file);
      const blocked = deps.findIndex((d) => !d.compiled);
      if (marked !== undefined) result = marked;
      else if (blocked !== -1) result = source(`it imports ${record.deps[blocked]}, which is not compiled (${deps[blocked]!.reason})`);
      else result = this.#materialize(file, recordKey, record, deps.map((d) => d.url));
    }
    this.#known.set(file, result);
    return result;
  }

  /** The cached record of this text of `file`, compiled now if missing or if an import it resolved is gone. */
  async #record(file: string, key: string): Promise<CachedRecord> {
    const path = join(this.#records!, `${key}.json`);
    const cached = readText(path);
    if (cached !== undefined) {
      try {
        const record = JSON.parse(cached) as CachedRecord;
        if (record.kind === 'uncompilable' || record.externals.every((f) => existsSync(f))) return record;
      } catch {
        // unreadable: compile again
      }
    }
    const compiled: CompileResult = await compileModule(file, this.#options);
    if (compiled.kind === 'uncompilable') {
      if (compiled.lasting) writeAtomically(path, JSON.stringify({ kind: compiled.kind, reason: compiled.reason }));
      return compiled;
    }
    writeAtomically(path, JSON.stringify(compiled));
    return compiled;
  }

  #materialize(file: string, recordKey: string, record: CompiledModule, depUrls: string[]): ProjectModule {
    const key = sha1(recordKey, ...depUrls);
    const target = join(this.#modules!, `${basename(file).replace(/\.[^.]+$/, '')}.${key}.mjs`);
    if (!existsSync(target)) {
      let code = record.code;
      depUrls.forEach((url, i) => {
        code = code.split(JSON.stringify(`${record.token}${i}`)).join(JSON.stringify(url));
      });
      const map = Buffer.from(record.map).toString('base64');
      if (!writeAtomically(target, `${code}//# sourceMappingURL=data:application/json;base64,${map}\n`)) {
        return { url: pathToFileURL(file).href, compiled: false, reason: 'its compiled copy cannot be written' };
      }
    }
    return { url: pathToFileURL(target).href, compiled: true };
  }
}
