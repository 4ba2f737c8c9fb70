/**
 * kedro's S3 credentials (the keyword arguments of s3fs, as a credentials.yml entry) → the connection
 * of an S3 object store:
 *
 *     dev_s3:
 *       key: AKIA…                  # or client_kwargs.aws_access_key_id
 *       secret: …                   # or client_kwargs.aws_secret_access_key
 *       token: …                    # optional session token (client_kwargs.aws_session_token)
 *       client_kwargs:
 *         endpoint_url: http://127.0.0.1:7070   # an S3-compatible server (also top-level endpoint_url)
 *         region_name: eu-west-1                 # (also top-level region_name or region)
 *
 * What is not given comes from the standard AWS environment: `AWS_ENDPOINT_URL_S3` /
 * `AWS_ENDPOINT_URL`, `AWS_REGION` / `AWS_DEFAULT_REGION`, and the SDK's credential chain
 * (`AWS_ACCESS_KEY_ID` / `AWS_SECRET_ACCESS_KEY`, `AWS_PROFILE`, …). Messages name keys, never values.
 */
import { isPlainObject } from '@kedro-mlflow/core-pipeline';
import type { S3ConnectionOptions } from '@kedro-mlflow/mlflow-client';
import { DatasetOptionError } from '../errors/dataset-option-error.js';

const TOP_LEVEL = ['key', 'secret', 'token', 'endpoint_url', 'region_name', 'region', 'client_kwargs'] as const;
const CLIENT_KWARGS = ['endpoint_url', 'region_name', 'aws_access_key_id', 'aws_secret_access_key', 'aws_session_token'] as const;

type Env = Readonly<Record<string, string | undefined>>;

function fail(dataset: string, key: string | undefined, message: string): DatasetOptionError {
  return new DatasetOptionError({ dataset, option: 'credentials', key, message: `Credentials of dataset ${dataset}: ${message}` });
}

function pick(dataset: string, where: string, source: Record<string, unknown>, name: string): string | undefined {
  const value = source[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || value === '') throw fail(dataset, name, `'${where}${name}' must be a non-empty string.`);
  return value;
}

function checkKeys(dataset: string, where: string, source: Record<string, unknown>, known: readonly string[]): void {
  for (const key of Object.keys(source)) {
    if (!known.includes(key)) {
      throw fail(dataset, key, `unknown key '${where}${key}' for an s3:// path; valid keys are ${known.map((k) => `${where}${k}`).join(', ')}.`);
    }
  }
}

const fromEnv = (env: Env, ...names: string[]): string | undefined => names.map((n) => env[n]).find((v) => v !== undefined && v !== '');

export function s3ConnectionFromCredentials(dataset: string, credentials: unknown, env: Env = process.env): S3ConnectionOptions {
  const given = credentials ?? {};
  if (!isPlainObject(given)) throw fail(dataset, undefined, 'for an s3:// path they must be a mapping (key, secret, client_kwargs.endpoint_url, …).');
  checkKeys(dataset, '', given, TOP_LEVEL);
  const clientKwargs = given.client_kwargs ?? {};
  if (!isPlainObject(clientKwargs)) throw fail(dataset, 'client_kwargs', "'client_kwargs' must be a mapping.");
  checkKeys(dataset, 'client_kwargs.', clientKwargs, CLIENT_KWARGS);

  const either = (top: string, nested: string): string | undefined => {
    const a = pick(dataset, '', given, top);
    const b = pick(dataset, 'client_kwargs.', clientKwargs, nested);
    if (a !== undefined && b !== undefined && a !== b) throw fail(dataset, top, `'${top}' and 'client_kwargs.${nested}' are both given and differ: keep one.`);
    return a ?? b;
  };
  const accessKeyId = either('key', 'aws_access_key_id');
  const secretAccessKey = either('secret', 'aws_secret_access_key');
  const sessionToken = either('token', 'aws_session_token');
  if ((accessKeyId === undefined) !== (secretAccessKey === undefined)) {
    throw fail(dataset, accessKeyId === undefined ? 'key' : 'secret', "give both 'key' and 'secret', or neither (the AWS environment is used then).");
  }
  const endpointUrl = either('endpoint_url', 'endpoint_url') ?? fromEnv(env, 'AWS_ENDPOINT_URL_S3', 'AWS_ENDPOINT_URL');
  if (endpointUrl !== undefined && !/^https?:\/\/[^/]/i.test(endpointUrl)) {
    throw fail(dataset, 'endpoint_url', "'endpoint_url' must be an http:// or https:// URL.");
  }
  const region = either('region_name', 'region_name') ?? pick(dataset, '', given, 'region') ?? fromEnv(env, 'AWS_REGION', 'AWS_DEFAULT_REGION');
  return { endpointUrl, region, accessKeyId, secretAccessKey, sessionToken };
}
