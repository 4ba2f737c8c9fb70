import {
  AbstractDataset,
  DatasetError,
  MemoryDataset,
  VersionNotFoundError,
  captureLogs,
  isDataset,
  isDatasetClass,
} from '@kedro-mlflow/core-pipeline';

interface ProbeOptions {
  filepath?: string;
  load_args?: Record<string, unknown>;
  credentials?: Record<string, unknown>;
  metadata?: Record<string, unknown>;
  fail?: unknown;
}

/** Fails on demand, to observe how the base class wraps errors. */
class ProbeDataset extends AbstractDataset<string> {
  readonly options: ProbeOptions;
  saved: string[] = [];

  constructor(options: ProbeOptions = {}) {
    super(options);
    this.options = options;
  }

  protected _load(): string {
    if (this.options.fail !== undefined) throw this.options.fail;
    return 'data';
  }

  protected async _save(data: string): Promise<void> {
    if (this.options.fail !== undefined) throw this.options.fail;
    this.saved.push(data);
  }

  protected _describe(): Record<string, unknown> {
    return { filepath: this.options.filepath, load_args: this.options.load_args, credentials: this.options.credentials };
  }
}

class ExistsFails extends ProbeDataset {
  protected override _exists(): boolean {
    throw new Error('no permission');
  }

  protected override _release(): void {
    throw new Error('cannot release');
  }
}

class BadDescribe extends ProbeDataset {
  protected override _describe(): Record<string, unknown> {
    return 'nope' as unknown as Record<string, unknown>;
  }
}

describe('AbstractDataset wrappers', () => {
  it('loads and saves through the subclass', async () => {
    const ds = new ProbeDataset({ filepath: 'a.txt' });
    expect(await ds.load()).toBe('data');
    await ds.save('x');
    expect(ds.saved).toEqual(['x']);
  });

  it('wraps foreign load errors with the dataset description and keeps the cause', async () => {
    const cause = new Error('disk on fire');
    const ds = new ProbeDataset({ filepath: 'a.txt', fail: cause });
    const error = await ds.load().catch((e: unknown) => e);
    expect(DatasetError.isInstance(error)).toBe(true);
    expect((error as Error).message).toBe("Failed while loading data from dataset ProbeDataset(filepath='a.txt').\ndisk on fire");
    expect((error as Error).cause).toBe(cause);
  });

  it('lets DatasetErrors through unchanged', async () => {
    const original = new VersionNotFoundError('nothing here');
    const ds = new ProbeDataset({ fail: original });
    await expect(ds.load()).rejects.toBe(original);
    await expect(ds.save('x')).rejects.toBe(original);
  });

  it('wraps foreign save errors, thrown values included', async () => {
    const ds = new ProbeDataset({ filepath: 'b.txt', fail: 'plain string' });
    const error = await ds.save('x').catch((e: unknown) => e);
    expect(DatasetError.isInstance(error)).toBe(true);
    expect((error as Error).message).toBe("Failed while saving data to dataset ProbeDataset(filepath='b.txt').\nplain string");
    expect((error as Error).cause).toBe('plain string');
  });

  it('refuses to save undefined or null', async () => {
    const ds = new ProbeDataset();
    await expect(ds.save(undefined as never)).rejects.toThrow("Saving 'None' to a 'Dataset' is not allowed (got undefined)");
    await expect(ds.save(null as never)).rejects.toThrow("Saving 'None' to a 'Dataset' is not allowed (got null)");
    expect(ds.saved).toEqual([]);
  });

  it('exists() defaults to false with a warning', async () => {
    const logs = captureLogs();
    try {
      expect(await new ProbeDataset().exists()).toBe(false);
    } finally {
      logs.restore();
    }
    expect(logs.messages('warn')).toEqual(["'exists()' not implemented for 'ProbeDataset'. Assuming output does not exist."]);
  });

  it('wraps exists and release failures', async () => {
    const ds = new ExistsFails({ filepath: 'c' });
    await expect(ds.exists()).rejects.toThrow("Failed during exists check for dataset ExistsFails(filepath='c').\nno permission");
    await expect(ds.release()).rejects.toThrow("Failed during release for dataset ExistsFails(filepath='c').\ncannot release");
  });

  it('release() is a no-op by default', async () => {
    await expect(new ProbeDataset().release()).resolves.toBeUndefined();
  });
});

describe('AbstractDataset description', () => {
  it('prints ClassName(k=v) skipping undefined values, quoting strings, hiding secrets', () => {
    const ds = new ProbeDataset({ filepath: "it's.csv", load_args: { sep: ',', n: 2, flag: true }, credentials: { token: 'abc' } });
    const text = ds.toString();
    expect(text).toBe(`ProbeDataset(filepath="it's.csv", load_args={'sep': ',', 'n': 2, 'flag': true}, credentials='***')`);
    expect(text).not.toContain('abc');
    expect(String(new ProbeDataset())).toBe('ProbeDataset()');
  });

  it('hides secrets nested in described objects', () => {
    const ds = new ProbeDataset({ load_args: { password: 'hunter2', user: 'me' } });
    expect(ds.toString()).toBe("ProbeDataset(load_args={'password': '***', 'user': 'me'})");
  });

  it('warns and prints ClassName() when _describe does not return an object', () => {
    const logs = captureLogs();
    let text: string;
    try {
      text = new BadDescribe().toString();
    } finally {
      logs.restore();
    }
    expect(text).toBe('BadDescribe()');
    expect(logs.messages('warn')[0]).toContain("its '_describe()' must return a plain object");
  });

  it('keeps metadata and records its options for toConfig', () => {
    const ds = new ProbeDataset({ filepath: 'a.csv', metadata: { owner: 'me' } });
    expect(ds.metadata).toEqual({ owner: 'me' });
    expect(ds.initConfig()).toEqual({ type: 'ProbeDataset', filepath: 'a.csv' });
    expect(new MemoryDataset().metadata).toBeUndefined();
  });

  it('has class flags off by default', () => {
    expect(ProbeDataset.EPHEMERAL).toBe(false);
    expect(ProbeDataset.SINGLE_PROCESS).toBe(false);
    expect(new ProbeDataset().ephemeral).toBe(false);
    expect(new ProbeDataset().singleProcess).toBe(false);
  });
});

describe('dataset recognition', () => {
  it('recognises dataset classes and instances by marker', () => {
    expect(isDatasetClass(ProbeDataset)).toBe(true);
    expect(isDatasetClass(MemoryDataset)).toBe(true);
    expect(isDatasetClass(class NotOne {})).toBe(false);
    expect(isDatasetClass(new ProbeDataset())).toBe(false);
    expect(isDataset(new ProbeDataset())).toBe(true);
    expect(isDataset(ProbeDataset)).toBe(false);
    expect(isDataset({ load: () => 1 })).toBe(false);
    expect(isDataset(null)).toBe(false);
  });

  it('recognises a class from another copy of the package', () => {
    const marker = Symbol.for('@kedro-mlflow/core-pipeline.dataset');
    class Foreign {
      static readonly [marker] = true;
      readonly [marker] = true;
    }
    expect(isDatasetClass(Foreign)).toBe(true);
    expect(isDataset(new Foreign())).toBe(true);
  });
});
