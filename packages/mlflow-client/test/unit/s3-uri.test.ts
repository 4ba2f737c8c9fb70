import { describeEndpoint, formatS3Uri, ObjectStoreError, parseS3Uri, S3ObjectStore, s3ConnectionFromEnv } from '@kedro-mlflow/mlflow-client';

function invalid(fn: () => unknown): ObjectStoreError {
  try {
    fn();
  } catch (error) {
    if (ObjectStoreError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected an ObjectStoreError');
}

describe('s3:// URIs', () => {
  it('splits bucket and key, drops a trailing slash and keeps keys as written', () => {
    expect(parseS3Uri('s3://my-bucket/a/b.csv')).toEqual({ bucket: 'my-bucket', key: 'a/b.csv' });
    expect(parseS3Uri('s3://my-bucket/runs/1/')).toEqual({ bucket: 'my-bucket', key: 'runs/1' });
    expect(parseS3Uri('S3://my.bucket')).toEqual({ bucket: 'my.bucket', key: '' });
    expect(parseS3Uri('s3://b12/a%2F..%2Fb')).toEqual({ bucket: 'b12', key: 'a%2F..%2Fb' });
    expect(formatS3Uri({ bucket: 'b12', key: '' })).toBe('s3://b12');
  });

  it.each([
    ['https://b/x', "expected 's3://<bucket>/<key>'"],
    ['s3://ab/x', 'not a valid bucket name'],
    ['s3://Upper/x', 'not a valid bucket name'],
    ['s3://a..b/x', 'not a valid bucket name'],
    ['s3://bucket/a/../b', "'.' or '..' segment"],
    ['s3://bucket/./b', "'.' or '..' segment"],
    ['s3://bucket//b', 'empty segment'],
    ['s3://bucket/a\0b', 'NUL'],
  ])('refuses %j', (uri, why) => {
    const error = invalid(() => parseS3Uri(uri));
    expect(error.kind).toBe('invalid-uri');
    expect(error.message).toContain(why);
  });
});

describe('S3 settings from the environment, as MLflow reads them', () => {
  it('reads the endpoint, credentials, region, TLS switch and upload arguments', () => {
    expect(
      s3ConnectionFromEnv({
        MLFLOW_S3_ENDPOINT_URL: 'http://127.0.0.1:7070',
        AWS_ENDPOINT_URL: 'http://ignored:1',
        AWS_ACCESS_KEY_ID: 'id',
        AWS_SECRET_ACCESS_KEY: 'secret',
        AWS_DEFAULT_REGION: 'eu-west-3',
        MLFLOW_S3_IGNORE_TLS: 'true',
        MLFLOW_S3_UPLOAD_EXTRA_ARGS: '{"ServerSideEncryption": "AES256"}',
      }),
    ).toEqual({
      endpointUrl: 'http://127.0.0.1:7070',
      region: 'eu-west-3',
      accessKeyId: 'id',
      secretAccessKey: 'secret',
      sessionToken: undefined,
      ignoreTls: true,
      uploadExtraArgs: { ServerSideEncryption: 'AES256' },
    });
    expect(s3ConnectionFromEnv({ AWS_ENDPOINT_URL_S3: 'http://s3only:1', AWS_ENDPOINT_URL: 'http://all:1', AWS_REGION: 'us-west-2' })).toMatchObject({ endpointUrl: 'http://s3only:1', region: 'us-west-2', ignoreTls: false });
  });

  it('refuses upload arguments that are not a JSON object, half credentials and small parts', () => {
    expect(invalid(() => s3ConnectionFromEnv({ MLFLOW_S3_UPLOAD_EXTRA_ARGS: '[1]' })).kind).toBe('invalid-config');
    expect(invalid(() => s3ConnectionFromEnv({ MLFLOW_S3_UPLOAD_EXTRA_ARGS: '{nope' })).message).toContain('MLFLOW_S3_UPLOAD_EXTRA_ARGS must be a JSON object');
    expect(invalid(() => new S3ObjectStore({ accessKeyId: 'only-the-id' })).kind).toBe('invalid-config');
    expect(invalid(() => new S3ObjectStore({ partSize: 1024 })).message).toContain('at least 5242880 bytes');
  });

  it('names the endpoint in messages without credentials', () => {
    expect(describeEndpoint({ endpointUrl: 'http://user:pass@127.0.0.1:7070/' })).toBe('http://127.0.0.1:7070');
    expect(describeEndpoint({})).toBe('AWS S3');
  });
});
