/**
 * Builds a dataset instance from one catalog entry (kedro's `AbstractDataset.from_config`): checks
 * the entry, resolves its `type`, injects `version` for `versioned: true`, and turns constructor
 * failures into messages that name the dataset and say what to fix.
 */
import { DatasetError } from '../errors/dataset-error.js';
import { getLogger } from '../logging.js';
import { closeMatches } from '../utils/close-matches.js';
import { pyList } from '../utils/py-repr.js';
import type { AbstractDataset } from './abstract-dataset.js';
import { errorMessage } from './abstract-dataset.js';
import type { DatasetConstructor, DatasetContext } from './dataset-class.js';
import { resolveDatasetTypeSync } from './dataset-type-resolver.js';
import { isPlainObject } from '../utils/is-plain-object.js';
import { generateTimestamp } from './version.js';

const log = getLogger('kedro.io.core');

export interface DatasetFromConfigOptions {
  /** Version to load when `versioned: true` (undefined: latest). */
  loadVersion?: string | undefined;
  /** Version to save when `versioned: true` (undefined: a fresh timestamp). */
  saveVersion?: string | undefined;
  /** Folder that `./module#Export` types resolve from. */
  projectPath?: string | undefined;
}

const INTERPOLATION_HINT =
  'Hint: If this catalog entry is intended for variable interpolation, make sure that the top level key is preceded by an underscore.';

export function notAConfigError(name: string): DatasetError {
  return new DatasetError(
    `Catalog entry '${name}' is not a valid dataset configuration. \n` +
      'Hint: If this catalog entry is intended for variable interpolation, make sure that the key is preceded by an underscore.',
  );
}

export function parsingError(name: string, message: string, cause?: unknown): DatasetError {
  return new DatasetError(`An exception occurred when parsing config for dataset '${name}':\n${message}`, { cause });
}

/** The eager checks kedro runs at catalog construction: a plain object with a `type`. */
export function checkDatasetConfig(name: string, config: unknown): asserts config is Record<string, unknown> {
  if (!isPlainObject(config)) throw notAConfigError(name);
  if (config.type === undefined || config.type === null || config.type === '') {
    throw parsingError(name, `'type' is missing from dataset catalog configuration.\n${INTERPOLATION_HINT}`);
  }
}

const ABSTRACT_METHODS = ['_load', '_save', '_describe'] as const;

function withoutFinalDot(message: string): string {
  return message.endsWith('.') ? message.slice(0, -1) : message;
}

/**
 * Instantiate the dataset described by `config` (`{type, versioned?, ...constructor options}`).
 * Wrapper datasets (CachedDataset and the like) use it for their nested `dataset:` entry.
 */
export function datasetFromConfig(
  name: string,
  config: Record<string, unknown>,
  options: DatasetFromConfigOptions = {},
): AbstractDataset {
  checkDatasetConfig(name, config);
  const { type, versioned, ...args } = config;
  if ('version' in args) {
    log.warn(
      "'version' attribute removed from dataset configuration since it is a reserved word and cannot be directly specified",
    );
    delete args.version;
  }

  let cls;
  try {
    cls = resolveDatasetTypeSync(type, { projectPath: options.projectPath });
  } catch (error) {
    throw parsingError(name, errorMessage(error), error);
  }

  const missing = ABSTRACT_METHODS.filter((m) => typeof (cls.prototype as unknown as Record<string, unknown>)[m] !== 'function');
  if (missing.length > 0) {
    throw parsingError(
      name,
      `Dataset type '${cls.name}' cannot be instantiated. Please implement the missing abstract methods ${pyList(missing)} in '${cls.name}'.`,
    );
  }

  const allowed = cls.OPTION_KEYS;
  if (versioned === true) {
    if (allowed !== undefined && !allowed.includes('version')) {
      throw parsingError(
        name,
        `'${cls.name}' does not support versioning: remove 'versioned: true' from the catalog entry of '${name}'.`,
      );
    }
    args.version = { load: options.loadVersion, save: options.saveVersion ?? generateTimestamp() };
  }

  if (allowed !== undefined) {
    const valid = new Set([...allowed, 'metadata']);
    const unknown = Object.keys(args).filter((k) => !valid.has(k));
    if (unknown.length > 0) {
      const hints = unknown.flatMap((k) => closeMatches(k, [...valid], 1).map((m) => `'${k}' → '${m}'`));
      throw parsingError(
        name,
        `Unknown option(s) ${pyList(unknown)} for '${cls.name}'` +
          (hints.length > 0 ? ` (did you mean ${hints.join(', ')}?)` : '') +
          `; valid options are ${pyList([...valid])}.\n` +
          `Dataset '${name}' must only contain arguments valid for the constructor of '${cls.name}'.`,
      );
    }
  }

  const context: DatasetContext = { name, projectPath: options.projectPath };
  try {
    return new (cls as unknown as DatasetConstructor)(args, context);
  } catch (error) {
    if ((error as { name?: unknown } | null)?.name === 'TypeError') {
      throw parsingError(
        name,
        `${withoutFinalDot(errorMessage(error))}.\nDataset '${name}' must only contain arguments valid for the constructor of '${cls.name}'.`,
        error,
      );
    }
    throw parsingError(
      name,
      `${withoutFinalDot(errorMessage(error))}.\nFailed to instantiate dataset '${name}' of type '${cls.name}'.`,
      error,
    );
  }
}
