import { captureLogs, getLogger, getRootLogger, KedroError, setRootLogger } from '@kedro-mlflow/core-pipeline';

describe('logging', () => {
  it('routes records of loggers created before the capture into the capture', () => {
    const log = getLogger('kedro.test');
    const captured = captureLogs();
    try {
      log.info('Loading data from %s (%s)...', 'cars', 'MemoryDataset');
      log.with({ node: 'n1' }).warn('careful');
    } finally {
      captured.restore();
    }
    expect(captured.messages('info')).toEqual(['Loading data from cars (MemoryDataset)...']);
    expect(captured.records[1]).toMatchObject({ level: 'warn', name: 'kedro.test', node: 'n1', msg: 'careful' });
  });

  it('redacts secrets in structured fields', () => {
    const captured = captureLogs();
    try {
      getLogger('kedro.test').with({ credentials: { key: 'abc' }, password: 'hunter2' }).info('connect');
    } finally {
      captured.restore();
    }
    expect(JSON.stringify(captured.records)).not.toContain('hunter2');
    expect(JSON.stringify(captured.records)).not.toContain('abc');
  });
});

describe('setRootLogger', () => {
  it('makes no default root to return: undefined when none was made, and undefined goes back to a default made at the next record', () => {
    const before = setRootLogger(undefined);
    try {
      expect(setRootLogger(undefined)).toBeUndefined();
      const captured = captureLogs();
      const set = setRootLogger(undefined);
      captured.restore();
      expect(set).toBeDefined();
      expect(setRootLogger(undefined)).toBeUndefined();
      const made = getRootLogger();
      expect(getRootLogger()).toBe(made);
      expect(setRootLogger(undefined)).toBe(made);
    } finally {
      setRootLogger(before);
    }
  });
});

describe('KedroError', () => {
  it('is recognised through the marker, not the prototype chain', () => {
    const err = new KedroError('boom');
    const lookalike = Object.assign(new Error('x'), { [Symbol.for('@kedro-mlflow/core-pipeline.error')]: true });
    expect(KedroError.isInstance(err)).toBe(true);
    expect(KedroError.isInstance(lookalike)).toBe(true);
    expect(KedroError.isInstance(new Error('plain'))).toBe(false);
    expect(KedroError.isInstance(undefined)).toBe(false);
  });
});
