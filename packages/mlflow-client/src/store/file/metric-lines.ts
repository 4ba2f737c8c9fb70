/**
 * The lines of `metrics/<key>` files: `"<ts> <value> <step>"` (+ ` <dataset_name>
 * <dataset_digest>`) under a run, `"<ts> <value> <step> <run_id>"` (+ dataset) under a logged
 * model. Values are written as Python's `repr(float)` (`nan`, `inf`, `-inf`, `1e-05`) and read
 * like Python's `float()`.
 */
import { MlflowApiError } from '../../errors/mlflow-api-error.js';
import type { Metric } from '../../entities/tracking.js';
import { pythonFloatRepr } from './yaml-meta.js';

function intText(n: number): string {
  return Number.isSafeInteger(n) ? String(n) : BigInt(Math.trunc(n)).toString();
}

/** Dataset names and digests end up as space-separated fields: they may not contain whitespace. */
export function hasDataset(metric: Metric): metric is Metric & { datasetName: string; datasetDigest: string } {
  return metric.datasetName != null && metric.datasetName !== '' && metric.datasetDigest != null && metric.datasetDigest !== '';
}

export function validateMetricDataset(metric: Metric): void {
  if (hasDataset(metric) && (/\s/.test(metric.datasetName) || /\s/.test(metric.datasetDigest))) {
    throw new MlflowApiError({
      errorCode: 'INVALID_PARAMETER_VALUE',
      message: `Metric '${metric.key}': the file store cannot record dataset name '${metric.datasetName}' / digest '${metric.datasetDigest}' because they contain whitespace.`,
    });
  }
}

export function runMetricLine(metric: Metric): string {
  const base = `${intText(metric.timestamp)} ${pythonFloatRepr(metric.value)} ${intText(metric.step ?? 0)}`;
  return hasDataset(metric) ? `${base} ${metric.datasetName} ${metric.datasetDigest}\n` : `${base}\n`;
}

export function modelMetricLine(metric: Metric, runId: string): string {
  const base = `${intText(metric.timestamp)} ${pythonFloatRepr(metric.value)} ${intText(metric.step ?? 0)} ${runId}`;
  return hasDataset(metric) ? `${base} ${metric.datasetName} ${metric.datasetDigest}\n` : `${base}\n`;
}

const FLOAT_TEXT = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;

/** Python's `float(text)`. */
export function parsePythonFloat(text: string): number {
  const s = text.trim();
  const lower = s.toLowerCase().replace(/^\+/, '');
  if (lower === 'nan' || lower === '-nan') return NaN;
  if (lower === 'inf' || lower === 'infinity') return Infinity;
  if (lower === '-inf' || lower === '-infinity') return -Infinity;
  const plain = s.replace(/(?<=\d)_(?=\d)/g, '');
  if (!FLOAT_TEXT.test(plain)) throw new Error(`could not convert string to float: '${text}'`);
  return Number(plain);
}

/** Python's `int(text)`. */
export function parsePythonInt(text: string): number {
  const s = text.trim();
  if (!/^[-+]?\d(?:_?\d)*$/.test(s)) throw new Error(`invalid literal for int(): '${text}'`);
  return Number(s.replace(/_/g, ''));
}

function malformed(key: string, fields: number, expected: string, where: string): MlflowApiError {
  return new MlflowApiError({
    errorCode: 'INTERNAL_ERROR',
    message: `Metric '${key}' is malformed; persisted metric data contained ${fields} fields. Expected ${expected} fields. ${where}`,
  });
}

function lines(text: string): string[] {
  return text.split('\n').filter((line) => line.trim() !== '');
}

/** Every point of a run's `metrics/<key>` file, in file order. */
export function parseRunMetricFile(key: string, text: string, runId: string, experimentId: string): Metric[] {
  return lines(text).map((line) => {
    const parts = line.trim().split(' ');
    if (parts.length !== 2 && parts.length !== 3 && parts.length !== 5) {
      throw malformed(key, parts.length, '2, 3, or 5', `Experiment id: ${experimentId}`);
    }
    const metric: Metric = {
      key,
      value: parsePythonFloat(parts[1]!),
      timestamp: parsePythonInt(parts[0]!),
      step: parts.length >= 3 ? parsePythonInt(parts[2]!) : 0,
      runId,
    };
    if (parts.length === 5) {
      metric.datasetName = parts[3]!;
      metric.datasetDigest = parts[4]!;
    }
    return metric;
  });
}

/** Every point of a logged model's `metrics/<key>` file. */
export function parseModelMetricFile(key: string, text: string, modelId: string): Metric[] {
  return lines(text).map((line) => {
    const parts = line.trim().split(' ');
    if (parts.length !== 4 && parts.length !== 6) throw malformed(key, parts.length, '4 or 6', `Model id: ${modelId}`);
    const metric: Metric = {
      key,
      value: parsePythonFloat(parts[1]!),
      timestamp: parsePythonInt(parts[0]!),
      step: parsePythonInt(parts[2]!),
      runId: parts[3]!,
      modelId,
    };
    if (parts.length === 6) {
      metric.datasetName = parts[4]!;
      metric.datasetDigest = parts[5]!;
    }
    return metric;
  });
}

/** Whether `a` beats `b` as "latest": greater (step, timestamp, value), Python tuple semantics. */
function later(a: Metric, b: Metric): boolean {
  if (a.step !== b.step) return a.step > b.step;
  if (a.timestamp !== b.timestamp) return a.timestamp > b.timestamp;
  return a.value > b.value;
}

/** The latest point: max by (step, timestamp, value); the first one wins ties, like Python's max. */
export function latestOf(points: Metric[]): Metric | undefined {
  let best: Metric | undefined;
  for (const point of points) if (best === undefined || later(point, best)) best = point;
  return best;
}
