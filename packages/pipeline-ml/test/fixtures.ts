/** The pipelines of kedro-mlflow's tests/pipeline/test_pipeline_ml.py, as TypeScript. */
import { captureLogs, node, Pipeline, type CapturedLogs } from '@kedro-mlflow/core-pipeline';
import { PipelineMLError, pipelineMlFactory } from '@kedro-mlflow/pipeline-ml';

export const preprocessFun = (data: number): number => data;
export const fitEncoderFun = (data: number): number => data * 0 + 4;
export const applyEncoderFun = (encoder: number, data: number): number => data * encoder;
export const trainFun = (data: number): number => data * 0 + 2;
export const trainFunHyperparam = (data: number, hyperparam: number): number => data * hyperparam * 0 + 2;
export const predictFun = (model: number, data: number): number => data * model;
export const predictFunWithMetric = (model: number, data: number): [number, string] => [data * model, 'super_metric'];
export const predictFunReturnNothing = (model: number, data: number): void => void (model * data);
/** Record inputs reach the function as one object. */
export const removeStopwords = ({ data, stopwords }: { data: string; stopwords: string[] }): string =>
  data.split(' ').filter((w) => !stopwords.includes(w)).join(' ');
export const convertProbsToPred = (data: number, threshold: number): boolean => data > threshold;

/** preprocess_fun (raw_data → data, tag preprocessing) then train_fun (data → model, tag training). */
export function pipelineWithTag(): Pipeline {
  return new Pipeline([
    node(preprocessFun, 'raw_data', 'data', { name: 'preprocess_fun', tags: ['preprocessing'] }),
    node(trainFun, 'data', 'model', { name: 'train_fun', tags: ['training'] }),
  ]);
}

export function inferenceOfModel(): Pipeline {
  return new Pipeline([node(predictFun, ['model', 'data'], 'predictions', { name: 'predict_fun' })]);
}

export function pipelineMlWithTag() {
  return pipelineMlFactory({ training: pipelineWithTag(), inference: inferenceOfModel(), inputName: 'data' });
}

/** Inference reads an intermediate output of training (encoder) besides the model. */
export function pipelineMlWithIntermediaryArtifacts() {
  const full = new Pipeline([
    node(preprocessFun, 'raw_data', 'data', { name: 'preprocess_fun', tags: ['training', 'preprocessing'] }),
    node(fitEncoderFun, 'data', 'encoder', { name: 'fit_encoder_fun', tags: ['training'] }),
    node(applyEncoderFun, ['encoder', 'data'], 'encoded_data', { name: 'apply_encoder_fun', tags: ['training', 'inference'] }),
    node(trainFun, 'encoded_data', 'model', { name: 'train_fun', tags: ['training'] }),
    node(predictFun, ['model', 'encoded_data'], 'predictions', { name: 'predict_fun', tags: ['inference'] }),
  ]);
  return pipelineMlFactory({ training: full.onlyNodesWithTags('training'), inference: full.onlyNodesWithTags('inference'), inputName: 'data' });
}

/** Inference reads an input of training (stopwords_from_nltk) that no node produces. */
export function pipelineMlWithInputsArtifacts() {
  const full = new Pipeline([
    node(removeStopwords, { data: 'data', stopwords: 'stopwords_from_nltk' }, 'cleaned_data', { name: 'remove_stopwords', tags: ['training', 'inference'] }),
    node(trainFun, 'cleaned_data', 'model', { name: 'train_fun', tags: ['training'] }),
    node(predictFun, ['model', 'cleaned_data'], 'predictions', { name: 'predict_fun', tags: ['inference'] }),
  ]);
  return pipelineMlFactory({ training: full.onlyNodesWithTags('training'), inference: full.onlyNodesWithTags('inference'), inputName: 'data' });
}

/** A parameter shared by both (params:stopwords), one of training only, one of inference only. */
export function pipelineMlWithParameters() {
  const full = new Pipeline([
    node(removeStopwords, { data: 'data', stopwords: 'params:stopwords' }, 'cleaned_data', { name: 'remove_stopwords', tags: ['training', 'inference'] }),
    node(trainFunHyperparam, ['cleaned_data', 'params:penalty'], 'model', { name: 'train_fun_hyperparam', tags: ['training'] }),
    node(predictFun, ['model', 'cleaned_data'], 'predicted_probs', { name: 'predict_fun', tags: ['inference'] }),
    node(convertProbsToPred, ['predicted_probs', 'params:threshold'], 'predictions', { name: 'convert_probs_to_pred', tags: ['inference'] }),
  ]);
  return pipelineMlFactory({ training: full.onlyNodesWithTags('training'), inference: full.onlyNodesWithTags('inference'), inputName: 'data' });
}

/** Every training node in namespace tmp_namespace (dataset names unchanged). */
export function pipelineMlWithNamespace() {
  const training = new Pipeline([
    node(preprocessFun, 'raw_data', 'data', { name: 'preprocess_fun', namespace: 'tmp_namespace' }),
    node(trainFun, 'data', 'model', { name: 'train_fun', namespace: 'tmp_namespace' }),
  ]);
  return pipelineMlFactory({ training, inference: inferenceOfModel(), inputName: 'data' });
}

export const DEMOTION_TEXT = 'for compatibility with pipeline visualisation and resume hints on failure';

/** Logs of one test, restored after it; `demotionWarnings()` are the warnings of demoting operations. */
export function withLogs(): { logs: () => CapturedLogs; demotionWarnings: () => string[] } {
  let current: CapturedLogs | undefined;
  beforeEach(() => {
    current = captureLogs('debug');
  });
  afterEach(() => {
    current?.restore();
  });
  const logs = (): CapturedLogs => current!;
  return { logs, demotionWarnings: () => logs().messages('warn').filter((m) => m.includes(DEMOTION_TEXT)) };
}


export const nodeNames = (p: Pipeline): string[] => p.nodes.map((n) => n.name);

/** Runs `build`, expects a PipelineMLError, checks its fields and returns it. */
export function expectPipelineMlError(build: () => unknown, fields: Partial<Record<keyof PipelineMLError, unknown>>): PipelineMLError {
  let caught: unknown;
  try {
    build();
  } catch (error) {
    caught = error;
  }
  expect(PipelineMLError.isInstance(caught)).toBe(true);
  const error = caught as PipelineMLError;
  expect(error).toMatchObject(fields);
  return error;
}
