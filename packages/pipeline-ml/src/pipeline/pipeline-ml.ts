/**
 * A training pipeline bound to its inference pipeline. A PipelineML *is* the training pipeline (its
 * nodes, inputs and outputs are training's), and it carries what is needed to log the inference
 * pipeline as a model once training succeeded.
 *
 * Pipeline's own methods always build plain Pipelines, so every one of them that returns a pipeline
 * is overridden here, in one of two ways:
 * - kept (`filter`, `fromInputs`, `fromNodes`, `toNodes`, `toOutputs`, `onlyNodesWithTags`, `tag`,
 *   `intersect`): the operation is applied to training and a PipelineML is rebuilt with the same
 *   inference and options, so every check runs again;
 * - demoted (`onlyNodes`, `onlyNodesWithNamespaces`, `onlyNodesWithInputs`, `onlyNodesWithOutputs`,
 *   `add`, `subtract`, `union`): a plain Pipeline computed from training, with one warning, since
 *   training and inference cannot be cut consistently that way. They exist for tools that inspect
 *   pipelines and for resume hints.
 * A test lists Pipeline's methods, so a method added to Pipeline later must be classified here.
 */
import { getLogger, isPlainObject, Pipeline, type PipelineFilterCriteria, type PipelineItems } from '@kedro-mlflow/core-pipeline';
import { PipelineMLError } from '../errors/pipeline-ml-error.js';
import { checkKpmKwargs, checkLogModelKwargs, type KpmKwargs, type LogModelKwargs } from './model-options.js';
import { checkInference, checkInputName, checkNoFreeInputs } from './pipeline-ml-checks.js';

const log = getLogger('kedro_mlflow.pipeline.pipeline_ml');
const PIPELINE_ML_MARKER = Symbol.for('@kedro-mlflow/pipeline-ml.PipelineML');

export interface PipelineMLOptions {
  /** The pipeline logged as the model: exactly one output, inputs produced or read by training. */
  inference: Pipeline;
  /** The inference input that receives the data to predict on. */
  inputName: string;
  /** Options of the pipeline model (`copyMode`, `runner`). */
  kpmKwargs?: KpmKwargs | null;
  /** Options of the logged model (`name`, `signature`, …); defaults `{signature: 'auto', name: 'model'}`. */
  logModelKwargs?: LogModelKwargs | null;
  /** Tags added to every training node. */
  tags?: string | Iterable<string> | null;
}

interface Bound {
  inference: Pipeline;
  inputName: string;
  kpmKwargs: Readonly<KpmKwargs>;
  logModelKwargs: Readonly<LogModelKwargs>;
}

export class PipelineML extends Pipeline {
  private readonly [PIPELINE_ML_MARKER] = true;
  readonly #bound: Bound;
  #training: Pipeline | undefined;

  /** Prefer `pipelineMlFactory`. The checks run in this order; the first failing one throws. */
  constructor(nodes: PipelineItems, options: PipelineMLOptions) {
    // 1. The training pipeline, with the Pipeline's own checks.
    super(nodes, { tags: isPlainObject(options) ? (options.tags ?? null) : null });
    if (!isPlainObject(options)) {
      throw new PipelineMLError("PipelineML needs its options: new PipelineML(nodes, { inference, inputName }).", {
        kind: 'invalid-argument',
        key: 'options',
      });
    }
    // 2. One inference output. 3. inputName is an inference input.
    const inference = checkInference(options.inference);
    const inputName = checkInputName(options.inputName, inference);
    // 4. Pipeline model options. 5. Model logging options.
    const kpmKwargs = checkKpmKwargs(options.kpmKwargs);
    const logModelKwargs = checkLogModelKwargs(options.logModelKwargs);
    // 6. No free inference input.
    checkNoFreeInputs(this, inference, inputName);
    this.#bound = { inference, inputName, kpmKwargs, logModelKwargs };
  }

  /** Whether `value` is a PipelineML, even one from another copy of this package. */
  static override isInstance(value: unknown): value is PipelineML {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[PIPELINE_ML_MARKER] === true;
  }

  /** The training nodes as a plain Pipeline. */
  get training(): Pipeline {
    this.#training ??= new Pipeline(this);
    return this.#training;
  }

  get inference(): Pipeline {
    return this.#bound.inference;
  }

  get inputName(): string {
    return this.#bound.inputName;
  }

  /** A frozen copy: the defaults merged with what was given. */
  get kpmKwargs(): Readonly<KpmKwargs> {
    return this.#bound.kpmKwargs;
  }

  /** A frozen copy: `{signature: 'auto', name: 'model'}` merged with what was given. */
  get logModelKwargs(): Readonly<LogModelKwargs> {
    return this.#bound.logModelKwargs;
  }

  /** The same inference and options over other training nodes: every check runs again. */
  #keep(training: Pipeline): PipelineML {
    const { inference, inputName, kpmKwargs, logModelKwargs } = this.#bound;
    return new PipelineML(training, { inference, inputName, kpmKwargs, logModelKwargs });
  }

  #demote(method: string, result: Pipeline): Pipeline {
    log
      .with({ method })
      .warn(
        `PipelineML.${method}() returns a plain Pipeline, not a PipelineML: training and inference cannot be cut consistently this way, ` +
          'so no model is logged from the result. It exists for compatibility with pipeline visualisation and resume hints on failure; ' +
          'use filter(), fromNodes(), toNodes(), fromInputs(), toOutputs() or onlyNodesWithTags() to keep a PipelineML.',
      );
    return result;
  }

  // ---- operations that keep a PipelineML ------------------------------------------------------

  override filter(criteria: PipelineFilterCriteria = {}): PipelineML {
    return this.#keep(this.training.filter(criteria));
  }

  override fromInputs(...inputs: string[]): PipelineML {
    return this.#keep(this.training.fromInputs(...inputs));
  }

  override fromNodes(...nodeNames: string[]): PipelineML {
    return this.#keep(this.training.fromNodes(...nodeNames));
  }

  override toNodes(...nodeNames: string[]): PipelineML {
    return this.#keep(this.training.toNodes(...nodeNames));
  }

  /** The producers of `outputs` and everything upstream (kedro-mlflow ran `fromNodes` on the output names). */
  override toOutputs(...outputs: string[]): PipelineML {
    return this.#keep(this.training.toOutputs(...outputs));
  }

  override onlyNodesWithTags(...tags: string[]): PipelineML {
    return this.#keep(this.training.onlyNodesWithTags(...tags));
  }

  /** Every tag given is added to every node (one tag, a list or any iterable). */
  override tag(tags: string | Iterable<string>): PipelineML {
    return this.#keep(this.training.tag(tags));
  }

  /** `a & b`: the training nodes also in `other` (how a run is cut to the nodes it runs). */
  override intersect(other: Pipeline): PipelineML {
    return this.#keep(this.training.intersect(other));
  }

  // ---- operations that demote to a plain Pipeline ---------------------------------------------

  override onlyNodes(...nodeNames: string[]): Pipeline {
    return this.#demote('onlyNodes', this.training.onlyNodes(...nodeNames));
  }

  override onlyNodesWithNamespaces(namespaces: string | readonly string[]): Pipeline {
    return this.#demote('onlyNodesWithNamespaces', this.training.onlyNodesWithNamespaces(namespaces));
  }

  override onlyNodesWithInputs(...inputs: string[]): Pipeline {
    return this.#demote('onlyNodesWithInputs', this.training.onlyNodesWithInputs(...inputs));
  }

  override onlyNodesWithOutputs(...outputs: string[]): Pipeline {
    return this.#demote('onlyNodesWithOutputs', this.training.onlyNodesWithOutputs(...outputs));
  }

  override add(other: Pipeline): Pipeline {
    return this.#demote('add', this.training.add(other));
  }

  override union(other: Pipeline): Pipeline {
    return this.#demote('union', this.training.union(other));
  }

  override subtract(other: Pipeline): Pipeline {
    return this.#demote('subtract', this.training.subtract(other));
  }
}
