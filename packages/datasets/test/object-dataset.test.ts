import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ObjectDataset } from '../src/index.js';
import { fileError, filesIn, optionError, tempFolders } from './helpers.js';

const temp = tempFolders();

describe('ObjectDataset', () => {
  it('keeps whatever structuredClone keeps: Maps, Sets, typed arrays, Dates, bigints', async () => {
    const filepath = join(temp(), 'model.bin');
    const value = {
      weights: new Float32Array([0.5, -1.25]),
      vocab: new Map([['good', 1], ['bad', 2]]),
      tags: new Set(['a']),
      trained: new Date('2024-05-01T00:00:00Z'),
      count: 12345678901234567890n,
      nested: [{ deep: null }],
    };
    const ds = new ObjectDataset({ filepath });
    await ds.save(value);
    const back = (await ds.load()) as typeof value;
    expect(back).toEqual(value);
    // By name: v8.deserialize builds its objects in Node's realm, not in jest's sandbox.
    expect([back.weights, back.vocab, back.trained].map((v) => v.constructor.name)).toEqual(['Float32Array', 'Map', 'Date']);
  });

  it('versioned save and load', async () => {
    const filepath = join(temp(), 'model.bin');
    await new ObjectDataset({ filepath, version: { save: '2024-01-01T00.00.00.000Z' } }).save([1]);
    await new ObjectDataset({ filepath, version: { save: '2024-01-02T00.00.00.000Z' } }).save([2]);
    expect(await new ObjectDataset({ filepath, version: {} }).load()).toEqual([2]);
    expect(filesIn(filepath)).toHaveLength(2);
  });

  it('refuses functions: nothing written', async () => {
    const dir = temp();
    const error = await fileError(new ObjectDataset({ filepath: join(dir, 'f.bin') }, { name: 'model' }).save({ fit: () => 1 }));
    expect(error).toMatchObject({ kind: 'unserializable', dataset: "'model'" });
    expect(error.message).toContain('could not be cloned');
    expect(filesIn(dir)).toEqual([]);
  });

  it('reports a Python pickle and other foreign files as corrupt', async () => {
    const filepath = join(temp(), 'model.pkl');
    writeFileSync(filepath, Buffer.from([0x80, 0x04, 0x95, 0x00]));
    const pickle = await fileError(new ObjectDataset({ filepath }).load());
    expect(pickle.kind).toBe('corrupt');
    expect(pickle.message).toContain('it looks like a Python pickle, which JavaScript cannot read');
    writeFileSync(filepath, Buffer.from([0xff, 0x0f, 0x6f, 0x22]));
    expect((await fileError(new ObjectDataset({ filepath }).load())).kind).toBe('corrupt');
  });

  it("takes kedro's backend option only as 'v8', and no load_args or save_args", () => {
    expect(new ObjectDataset({ filepath: 'a.bin', backend: 'v8' }).filepath).toBe('a.bin');
    const error = optionError(() => new ObjectDataset({ filepath: 'a.bin', backend: 'pickle' as never }));
    expect(error.option).toBe('backend');
    expect(error.message).toContain("Python's pickle, joblib or dill cannot be read or written here");
    expect(optionError(() => new ObjectDataset({ filepath: 'a.bin', save_args: { protocol: 5 } as never })).message).toContain("it takes no 'save_args'");
  });
});
