import * as core from '@kedro-mlflow/core-pipeline';
import { DatasetError, KedroError, NodeRunError, PipelineFilterError } from '@kedro-mlflow/core-pipeline';
import { decodeThrown, encodeThrown } from '../../src/runner/error-codec.js';

/** Encoded, copied by structured clone as postMessage does, and decoded. */
const roundTrip = (thrown: unknown): unknown => decodeThrown(structuredClone(encodeThrown(thrown)));

// Arguments for the error classes whose constructor does not take (message, options).
const ARGS: Record<string, unknown[]> = {
  NodeRunError: [{ nodeName: 'train', nodeText: 'train', resumeFromNodes: ['split'], hint: 'resume', cause: new Error('inner') }],
  PipelineFilterError: ['no such node', { kind: 'unknown-nodes', missing: ['x'] }],
  ConfigError: ['bad key', { file: 'conf/base/catalog.yml', keyPath: 'a.b', line: 2, column: 5 }],
  MissingConfigError: ['no conf', { file: 'conf/base' }],
};

describe('error codec (errors across worker threads)', () => {
  const errorClasses = Object.entries(core).filter(
    (entry): entry is [string, typeof KedroError] => typeof entry[1] === 'function' && entry[1].prototype instanceof Error,
  );

  it('finds the exported error classes', () => {
    expect(errorClasses.map(([name]) => name)).toEqual(expect.arrayContaining(['KedroError', 'DatasetError', 'NodeRunError', 'ConfigError']));
  });

  it.each(errorClasses)('rebuilds %s with its class, isInstance, fields and stack', (name, ErrorClass) => {
    const original = new (ErrorClass as unknown as new (...args: unknown[]) => Error)(...(ARGS[name] ?? ['boom']));
    const copy = roundTrip(original) as Error;
    expect(copy).toBeInstanceOf(ErrorClass);
    expect(ErrorClass.isInstance(copy)).toBe(true);
    expect(KedroError.isInstance(copy)).toBe(true);
    expect(copy.name).toBe(name);
    expect(copy.message).toBe(original.message);
    expect(copy.stack).toBe(original.stack);
    expect({ ...copy }).toEqual({ ...original });
  });

  it('keeps typed fields and the cause chain', () => {
    const nodeError = new NodeRunError({ nodeName: 'train', nodeText: 'train', resumeFromNodes: ['split'], hint: 'h', cause: new DatasetError('gone') });
    const copy = roundTrip(nodeError) as NodeRunError;
    expect(copy.nodeName).toBe('train');
    expect(copy.resumeFromNodes).toEqual(['split']);
    expect(copy.cause).toBeInstanceOf(DatasetError);
    expect((copy.cause as Error).message).toBe('gone');
    const filter = roundTrip(new PipelineFilterError('m', { kind: 'unknown-datasets', missing: ['d'] })) as PipelineFilterError;
    expect(filter.kind).toBe('unknown-datasets');
    expect(filter.missing).toEqual(['d']);
  });

  it('rebuilds built-in errors as their own class', () => {
    const copy = roundTrip(new RangeError('out of range')) as Error;
    expect(copy).toBeInstanceOf(RangeError);
    expect(copy.name).toBe('RangeError');
    expect(Object.keys(copy)).toEqual([]);
  });

  it("rebuilds a user's class as its nearest known ancestor, keeping name, message, fields and cause", () => {
    class QuotaError extends TypeError {
      readonly limit = 3;
      constructor(message: string, options?: { cause?: unknown }) {
        super(message, options);
        this.name = 'QuotaError';
      }
    }
    class ShardError extends DatasetError {
      readonly shard = 7;
    }
    const copy = roundTrip(new QuotaError('quota', { cause: 'a string cause' })) as QuotaError;
    expect(copy).toBeInstanceOf(TypeError);
    expect(copy).toMatchObject({ name: 'QuotaError', message: 'quota', limit: 3, cause: 'a string cause' });
    const shard = roundTrip(new ShardError('shard')) as ShardError;
    expect(shard).toBeInstanceOf(DatasetError);
    expect(DatasetError.isInstance(shard)).toBe(true);
    expect(shard.shard).toBe(7);
  });

  it("keeps another package's isInstance markers on an error whose class it cannot rebuild", () => {
    const marker = Symbol.for('@example/other.error.ApiError');
    class ApiError extends Error {
      readonly [marker] = true;
      readonly status = 503;
    }
    const copy = roundTrip(new ApiError('down')) as Error & Record<symbol, unknown>;
    expect(copy[marker]).toBe(true);
    expect(copy).toMatchObject({ message: 'down', status: 503 });
  });

  it('does not take an own class by name alone: without its marker it stays a plain Error', () => {
    class DatasetErrorLookalike extends Error {}
    Object.defineProperty(DatasetErrorLookalike, 'name', { value: 'DatasetError' });
    const copy = roundTrip(new DatasetErrorLookalike('fake'));
    expect(copy).toBeInstanceOf(Error);
    expect(copy).not.toBeInstanceOf(DatasetError);
    expect(DatasetError.isInstance(copy)).toBe(false);
  });

  it('passes thrown values that are not errors as they are, or as text when they cannot be copied', () => {
    expect(roundTrip('oops')).toBe('oops');
    expect(roundTrip({ code: 7 })).toEqual({ code: 7 });
    expect(roundTrip(Symbol('tag'))).toBe('Symbol(tag)');
  });

  it('drops fields that cannot be copied and ends a cyclic cause chain', () => {
    const error = new Error('loop') as Error & { callback?: () => void; retries?: number };
    error.callback = () => undefined;
    error.retries = 2;
    error.cause = error;
    const copy = roundTrip(error) as Error & Record<string, unknown>;
    expect(copy.retries).toBe(2);
    expect('callback' in copy).toBe(false);
    let depth = 0;
    for (let c: unknown = copy; c instanceof Error; c = c.cause) depth += 1;
    expect(depth).toBeGreaterThan(1);
    expect(depth).toBeLessThan(20);
  });
});
