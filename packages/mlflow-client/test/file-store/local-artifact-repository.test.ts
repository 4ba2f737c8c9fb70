import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LocalArtifactRepository } from '../../src/artifacts/local-artifact-repository.js';
import { cleanupTempDirs, codeOf, listFiles, newStore, tempDir } from './helpers.js';

afterAll(cleanupTempDirs);

function sourceTree(): string {
  const src = tempDir('src-');
  mkdirSync(join(src, 'model', 'data'), { recursive: true });
  writeFileSync(join(src, 'model', 'MLmodel'), 'flavors: {}\n');
  writeFileSync(join(src, 'model', 'data', 'weights.bin'), Buffer.alloc(1000, 7));
  writeFileSync(join(src, 'notes.txt'), 'hello');
  return src;
}

describe('LocalArtifactRepository', () => {
  it('logs files and folders (recursively) under a file:// root, lists direct children with sizes, sorted', async () => {
    const root = join(tempDir(), 'artifacts');
    const repo = new LocalArtifactRepository(pathToFileURL(root).href);
    expect(repo.rootDir).toBe(root);
    expect(await repo.listArtifacts()).toEqual([]);
    const src = sourceTree();
    await repo.logArtifact(join(src, 'notes.txt'));
    await repo.logArtifact(join(src, 'notes.txt'), 'sub/dir');
    await repo.logArtifacts(join(src, 'model'), 'model');
    expect(listFiles(root)).toEqual(['model/MLmodel', 'model/data/weights.bin', 'notes.txt', 'sub/dir/notes.txt']);
    expect(await repo.listArtifacts()).toEqual([
      { path: 'model', isDir: true },
      { path: 'notes.txt', isDir: false, fileSize: 5 },
      { path: 'sub', isDir: true },
    ]);
    expect(await repo.listArtifacts('model')).toEqual([
      { path: 'model/MLmodel', isDir: false, fileSize: 12 },
      { path: 'model/data', isDir: true },
    ]);
    expect(await repo.listArtifacts('model/data/')).toEqual([{ path: 'model/data/weights.bin', isDir: false, fileSize: 1000 }]);
    expect(await repo.listArtifacts('notes.txt')).toEqual([]);
    expect(await repo.listArtifacts('missing')).toEqual([]);
  });

  it('logs a folder at the root, overwrites a file, and accepts a plain path as root', async () => {
    const root = join(tempDir(), 'plain');
    const repo = new LocalArtifactRepository(root);
    const src = sourceTree();
    await repo.logArtifacts(src);
    expect(listFiles(root)).toEqual(['model/MLmodel', 'model/data/weights.bin', 'notes.txt']);
    writeFileSync(join(src, 'notes.txt'), 'changed');
    await repo.logArtifact(join(src, 'notes.txt'));
    expect(readFileSync(join(root, 'notes.txt'), 'utf8')).toBe('changed');
    await expect(repo.logArtifact(join(src, 'model'))).rejects.toMatchObject({ errorCode: 'INVALID_PARAMETER_VALUE' });
    await expect(repo.logArtifacts(join(src, 'notes.txt'))).rejects.toMatchObject({ errorCode: 'INVALID_PARAMETER_VALUE' });
  });

  it('downloads a file or a folder into a destination and returns its local path', async () => {
    const root = join(tempDir(), 'artifacts');
    const repo = new LocalArtifactRepository(pathToFileURL(root).href);
    await repo.logArtifacts(sourceTree());
    const dst = tempDir('dst-');
    const file = await repo.downloadArtifacts('model/MLmodel', dst);
    expect(file).toBe(join(dst, 'model', 'MLmodel'));
    expect(readFileSync(file, 'utf8')).toBe('flavors: {}\n');
    const dst2 = tempDir('dst-');
    const folder = await repo.downloadArtifacts('model', dst2);
    expect(folder).toBe(join(dst2, 'model'));
    expect(listFiles(dst2)).toEqual(['model/MLmodel', 'model/data/weights.bin']);
    const dst3 = tempDir('dst-');
    expect(await repo.downloadArtifacts('', dst3)).toBe(dst3);
    expect(listFiles(dst3)).toEqual(['model/MLmodel', 'model/data/weights.bin', 'notes.txt']);
    expect(await codeOf(repo.downloadArtifacts('nothing-here', dst3))).toBe('RESOURCE_DOES_NOT_EXIST');
  });

  it('deletes files and folders', async () => {
    const root = join(tempDir(), 'artifacts');
    const repo = new LocalArtifactRepository(root);
    await repo.logArtifacts(sourceTree());
    await repo.deleteArtifacts('model/data');
    await repo.deleteArtifacts('notes.txt');
    expect(listFiles(root)).toEqual(['model/MLmodel']);
    await repo.deleteArtifacts();
    expect(existsSync(root)).toBe(false);
  });

  it('rejects every path that could escape the root, before touching the disk', async () => {
    const base = tempDir();
    const root = join(base, 'root');
    const repo = new LocalArtifactRepository(root);
    const src = sourceTree();
    const escapes = ['..', '../x', 'a/../../x', 'a/..', '/etc', '/', 'C:/x', 'c:\\x', 'a\\..\\x', '%2e%2e/x', '%2E%2E%2Fx', '%252e%252e%252fx', 'a/%2e%2e/%2e%2e/x', 'x\u0000y'];
    for (const path of escapes) {
      if (path === '/') continue; // '/' means the root itself
      expect(await codeOf(repo.logArtifact(join(src, 'notes.txt'), path))).toBe('INVALID_PARAMETER_VALUE');
      expect(await codeOf(repo.logArtifacts(src, path))).toBe('INVALID_PARAMETER_VALUE');
      expect(await codeOf(repo.listArtifacts(path))).toBe('INVALID_PARAMETER_VALUE');
      expect(await codeOf(repo.downloadArtifacts(path, tempDir()))).toBe('INVALID_PARAMETER_VALUE');
      expect(await codeOf(repo.deleteArtifacts(path))).toBe('INVALID_PARAMETER_VALUE');
    }
    expect(listFiles(base)).toEqual([]);
  });

  it('does not follow symlinks out of the root (write, list, download, delete)', async () => {
    const base = tempDir();
    const root = join(base, 'root');
    const outside = join(base, 'outside');
    mkdirSync(root);
    mkdirSync(outside);
    writeFileSync(join(outside, 'secret.txt'), 'secret');
    symlinkSync(outside, join(root, 'link'));
    symlinkSync(join(outside, 'secret.txt'), join(root, 'secret-link.txt'));
    writeFileSync(join(root, 'ok.txt'), 'ok');
    const repo = new LocalArtifactRepository(root);
    const src = sourceTree();
    expect(await codeOf(repo.logArtifact(join(src, 'notes.txt'), 'link'))).toBe('INVALID_PARAMETER_VALUE');
    expect(await codeOf(repo.logArtifacts(src, 'link/deeper'))).toBe('INVALID_PARAMETER_VALUE');
    expect(await codeOf(repo.listArtifacts('link'))).toBe('INVALID_PARAMETER_VALUE');
    expect(await codeOf(repo.downloadArtifacts('secret-link.txt', tempDir()))).toBe('INVALID_PARAMETER_VALUE');
    expect(await codeOf(repo.deleteArtifacts('link'))).toBe('INVALID_PARAMETER_VALUE');
    expect(listFiles(outside)).toEqual(['secret.txt']);
    expect(await repo.listArtifacts()).toEqual([{ path: 'ok.txt', isDir: false, fileSize: 2 }]);
    const dst = tempDir();
    expect(await codeOf(repo.downloadArtifacts('', dst))).toBe('INVALID_PARAMETER_VALUE');
  });

  it("works as a run's and a logged model's artifact repository in an mlruns folder", async () => {
    const { store } = newStore();
    const experimentId = await store.createExperiment('art');
    const run = await store.createRun({ experimentId });
    const model = await store.createLoggedModel({ experimentId, name: 'm' });
    const runRepo = new LocalArtifactRepository(run.info.artifactUri);
    const modelRepo = new LocalArtifactRepository(model.artifactUri);
    const src = sourceTree();
    await runRepo.logArtifact(join(src, 'notes.txt'));
    await modelRepo.logArtifacts(join(src, 'model'));
    expect((await runRepo.listArtifacts()).map((f) => f.path)).toEqual(['notes.txt']);
    expect((await modelRepo.listArtifacts()).map((f) => f.path)).toEqual(['MLmodel', 'data']);
    expect((await store.getRun(run.info.runId)).info.runId).toBe(run.info.runId);
    expect((await store.getLoggedModel(model.modelId)).modelId).toBe(model.modelId);
  });
});
