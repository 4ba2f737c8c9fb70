/**
 * What a node throws in a worker thread, as data, and back. Structured clone keeps only the built-in
 * error types (a DatasetError would arrive as a bare Error without its fields), so an error travels
 * as {classes, name, message, fields, markers, cause, stack} and is rebuilt with its class: a
 * core-pipeline error class or a built-in one. A user's own class is rebuilt as its nearest known
 * ancestor, keeping its name, message, fields, cause and stack, and the `Symbol.for` markers that
 * `isInstance()` of any package looks for.
 */
import { types } from 'node:util';
import { CircularDependencyError } from '../errors/circular-dependency-error.js';
import { ConfigError } from '../errors/config-error.js';
import { ConfirmNotUniqueError } from '../errors/confirm-not-unique-error.js';
import { DatasetAlreadyExistsError } from '../errors/dataset-already-exists-error.js';
import { DatasetError } from '../errors/dataset-error.js';
import { DatasetNotFoundError } from '../errors/dataset-not-found-error.js';
import { KedroError } from '../errors/kedro-error.js';
import { KedroSessionError } from '../errors/kedro-session-error.js';
import { MissingConfigError } from '../errors/missing-config-error.js';
import { NodeRunError } from '../errors/node-run-error.js';
import { OutputNotUniqueError } from '../errors/output-not-unique-error.js';
import { PipelineError } from '../errors/pipeline-error.js';
import { PipelineFilterError } from '../errors/pipeline-filter-error.js';
import { ProjectError } from '../errors/project-error.js';
import { VersionAlreadyExistsError } from '../errors/version-already-exists-error.js';
import { VersionNotFoundError } from '../errors/version-not-found-error.js';

export interface EncodedError {
  /** Constructor names from the error's own class up to `Error`: `['DatasetError', 'KedroError', 'Error']`. */
  classes: string[];
  name: string;
  message: string;
  /** Own enumerable fields that structured clone can copy (`nodeName`, `errorCode`, `code`, ...). */
  fields: Record<string, unknown>;
  /** Keys of the `Symbol.for` properties set to `true` on the error: what `isInstance()` checks. */
  markers: string[];
  stack: string | undefined;
  cause?: EncodedThrown;
}

/** Anything thrown: an error, or another value (`throw 'oops'`) sent as it is when it can be. */
export type EncodedThrown = { error: EncodedError } | { value: unknown };

type ErrorClass = (new (...args: never[]) => Error) & { isInstance?: (error: unknown) => boolean };

const BUILT_IN: ErrorClass[] = [Error, TypeError, RangeError, SyntaxError, ReferenceError, EvalError, URIError];
const OWN: ErrorClass[] = [
  KedroError,
  DatasetError,
  DatasetNotFoundError,
  DatasetAlreadyExistsError,
  VersionNotFoundError,
  VersionAlreadyExistsError,
  PipelineError,
  PipelineFilterError,
  OutputNotUniqueError,
  ConfirmNotUniqueError,
  CircularDependencyError,
  ConfigError,
  MissingConfigError,
  ProjectError,
  KedroSessionError,
  NodeRunError,
];
const KNOWN = new Map<string, ErrorClass>([...BUILT_IN, ...OWN].map((c) => [c.name, c]));
// A cause chain longer than this (or a cycle) ends in the message of the error it stops at.
const MAX_CAUSE_DEPTH = 16;

function isError(value: unknown): value is Error {
  return types.isNativeError(value) || value instanceof Error;
}

function cloneable(value: unknown): boolean {
  try {
    structuredClone(value);
    return true;
  } catch {
    return false;
  }
}

function classChain(error: Error): string[] {
  const names: string[] = [];
  for (let proto = Object.getPrototypeOf(error) as object | null; proto !== null; proto = Object.getPrototypeOf(proto) as object | null) {
    const ctor = Object.hasOwn(proto, 'constructor') ? (proto as { constructor: unknown }).constructor : undefined;
    if (typeof ctor !== 'function' || ctor.name === 'Object') break;
    names.push(ctor.name);
  }
  return names;
}

export function encodeThrown(thrown: unknown, depth = 0): EncodedThrown {
  if (!isError(thrown)) return { value: cloneable(thrown) ? thrown : String(thrown) };
  if (depth > MAX_CAUSE_DEPTH) return { value: thrown.message };
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(thrown)) {
    if (key !== 'name' && key !== 'message' && key !== 'stack' && key !== 'cause' && cloneable(value)) fields[key] = value;
  }
  const markers = Object.getOwnPropertySymbols(thrown)
    .filter((symbol) => (thrown as unknown as Record<symbol, unknown>)[symbol] === true)
    .map((symbol) => Symbol.keyFor(symbol))
    .filter((key): key is string => key !== undefined);
  const error: EncodedError = { classes: classChain(thrown), name: thrown.name, message: thrown.message, fields, markers, stack: thrown.stack };
  if (Object.hasOwn(thrown, 'cause')) error.cause = encodeThrown(thrown.cause, depth + 1);
  return { error };
}

/** The first class of the chain that this thread knows; an own class only when the error carries its marker. */
function knownClass(encoded: EncodedError): ErrorClass {
  const probe = Object.fromEntries(encoded.markers.map((key) => [Symbol.for(key), true]));
  for (const name of encoded.classes) {
    const found = KNOWN.get(name);
    if (found !== undefined && (found.isInstance === undefined || found.isInstance(probe))) return found;
  }
  return Error;
}

export function decodeThrown(encoded: EncodedThrown): unknown {
  if ('value' in encoded) return encoded.value;
  const data = encoded.error;
  const options = data.cause === undefined ? undefined : { cause: decodeThrown(data.cause) };
  // Built with Error's constructor and the class's prototype: the classes' own constructors take
  // different arguments, and every field they set travels in `fields` and `markers`.
  const error = Reflect.construct(Error, [data.message, options], knownClass(data)) as Error & Record<string | symbol, unknown>;
  if (error.name !== data.name) error.name = data.name;
  Object.assign(error, data.fields);
  for (const key of data.markers) error[Symbol.for(key)] = true;
  if (data.stack !== undefined) error.stack = data.stack;
  return error;
}
