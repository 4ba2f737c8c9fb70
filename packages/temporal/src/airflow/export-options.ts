/**
 * The options of `kedro-mlflow export airflow`, from the strings of the command line to checked
 * values. Each bad value is an AirflowExportError naming the flag and what a good value looks like.
 */
import { isAbsolute } from 'node:path';
import { optionError } from './airflow-export-error.js';
import { isAirflowId, MAX_AIRFLOW_ID, sanitizeAirflowId } from './task-ids.js';

/** The flags as the command line gives them (all optional strings). */
export interface AirflowExportFlags {
  pipeline?: string | undefined;
  env?: string | undefined;
  dagId?: string | undefined;
  output?: string | undefined;
  force?: boolean | undefined;
  schedule?: string | undefined;
  startDate?: string | undefined;
  command?: string | undefined;
  tags?: string | undefined;
  dagTags?: string | undefined;
  owner?: string | undefined;
  retries?: string | undefined;
  retryDelay?: string | undefined;
  projectPath?: string | undefined;
}

/** What the DAG file says, checked. */
export interface AirflowDagSettings {
  dagId: string;
  pipelineName: string;
  env: string;
  /** The project folder on the machines that run the tasks (the cwd of every task). */
  projectPath: string;
  /** How a task starts the CLI: an argument list, no shell. */
  command: string[];
  /** An Airflow preset or cron expression; null: runs only when triggered. */
  schedule: string | null;
  /** `YYYY-MM-DD`, midnight UTC. */
  startDate: string;
  dagTags: string[];
  owner: string;
  retries: number;
  retryDelaySeconds: number;
}

/** Works in any installed project: the project's own CLI from node_modules/.bin, never a download. */
export const DEFAULT_COMMAND = ['npx', '--no-install', 'kedro-mlflow'];
export const DEFAULT_START_DATE = '2024-01-01';
const PRESETS = ['@once', '@continuous', '@hourly', '@daily', '@weekly', '@monthly', '@quarterly', '@yearly'];
const CRON_FIELD = /^[0-9A-Za-z*/,?#-]+$/;
/** Airflow stores tags in a 100-character column. */
const MAX_TAG = 100;

function splitList(value: string): string[] {
  return value.split(',').map((item) => item.trim()).filter((item) => item !== '');
}

function hasControl(value: string): boolean {
  return /\p{Cc}/u.test(value);
}

export function parseSchedule(value: string | undefined): string | null {
  if (value === undefined) return null;
  const text = value.trim();
  if (text.toLowerCase() === 'none') return null;
  if (PRESETS.includes(text)) return text;
  const fields = text.split(/\s+/);
  if (fields.length === 5 && fields.every((field) => CRON_FIELD.test(field))) return fields.join(' ');
  throw optionError('--schedule', `'${value}' is neither 'none', one of ${PRESETS.join(', ')}, nor a 5-field cron expression such as '0 3 * * *'.`);
}

export function parseStartDate(value: string | undefined): string {
  if (value === undefined) return DEFAULT_START_DATE;
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value.trim());
  const date = match === null ? undefined : new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  if (match === null || date === undefined || date.toISOString().slice(0, 10) !== match[0]) {
    throw optionError('--start-date', `'${value}' is not a date written YYYY-MM-DD, e.g. 2024-01-01.`);
  }
  return match[0];
}

/** `npx --no-install kedro-mlflow` (split on spaces) or a JSON array for arguments holding spaces. */
export function parseCommand(value: string | undefined): string[] {
  if (value === undefined) return [...DEFAULT_COMMAND];
  const text = value.trim();
  let args: unknown;
  if (text.startsWith('[')) {
    try {
      args = JSON.parse(text);
    } catch {
      throw optionError('--command', `'${value}' starts with '[' but is not a JSON array of strings, e.g. '["/usr/bin/node", "/opt/my project/node_modules/@kedro-mlflow/cli/dist/bin.js"]'.`);
    }
  } else {
    args = text.split(/\s+/).filter((arg) => arg !== '');
  }
  if (!Array.isArray(args) || args.length === 0 || !args.every((arg) => typeof arg === 'string' && arg !== '' && !hasControl(arg))) {
    throw optionError('--command', `'${value}' must name a program and its arguments, e.g. 'npx --no-install kedro-mlflow' or a JSON array of non-empty strings.`);
  }
  return args as string[];
}

export function parseRetries(value: string | undefined): number {
  if (value === undefined) return 1;
  const n = /^\d+$/.test(value.trim()) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n > 100) throw optionError('--retries', `'${value}' is not a whole number from 0 to 100.`);
  return n;
}

export function parseRetryDelay(value: string | undefined): number {
  if (value === undefined) return 300;
  const n = /^\d+$/.test(value.trim()) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n > 7 * 24 * 3600) throw optionError('--retry-delay', `'${value}' is not a whole number of seconds from 0 to 604800 (a week).`);
  return n;
}

export function parseDagTags(value: string | undefined, packageName: string): string[] {
  const tags = value === undefined ? ['kedro-mlflow', packageName] : splitList(value);
  for (const tag of tags) {
    if (tag.length > MAX_TAG || hasControl(tag)) throw optionError('--dag-tags', `tag '${tag}' must be at most ${MAX_TAG} characters, without control characters.`);
  }
  return [...new Set(tags)];
}

/** Node tags to keep (like `run --tags`); empty: every node. */
export function parseNodeTags(value: string | undefined): string[] {
  return value === undefined ? [] : splitList(value);
}

export function parseOwner(value: string | undefined): string {
  if (value === undefined) return 'airflow';
  const owner = value.trim();
  if (owner === '' || owner.length > 500 || hasControl(owner)) throw optionError('--owner', `'${value}' must be a non-empty name of at most 500 characters.`);
  return owner;
}

export function parseDagId(value: string | undefined, packageName: string): string {
  if (value === undefined) return sanitizeAirflowId(packageName, 'kedro_mlflow');
  if (!isAirflowId(value)) {
    throw optionError('--dag-id', `'${value}' may hold only letters, digits, '_', '.' and '-' (at most ${MAX_AIRFLOW_ID} characters), e.g. '${sanitizeAirflowId(value, 'my_dag')}'.`);
  }
  return value;
}

export function parseProjectPath(value: string | undefined, projectPath: string): string {
  if (value === undefined) return projectPath;
  if (!isAbsolute(value) || hasControl(value)) throw optionError('--project-path', `'${value}' must be an absolute path: the folder holding the project on the machines that run the tasks.`);
  return value;
}

/** A pipeline name reaches `run --pipelines`, which splits on commas. */
export function parsePipelineName(value: string | undefined): string {
  if (value === undefined) return '__default__';
  const name = value.trim();
  if (name === '' || name.includes(',') || hasControl(name)) throw optionError('--pipeline', `'${value}' must be the name of one registered pipeline (see 'kedro-mlflow registry list').`);
  return name;
}
