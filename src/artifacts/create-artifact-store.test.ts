import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createArtifactStore } from './create-artifact-store.js';
import { LocalArtifactStore } from './local-artifact-store.js';
import { S3ArtifactStore } from './s3-artifact-store.js';
import { s3ConnectionFromEnv } from './create-s3-client.js';
import { isStrataError } from '../core/errors.js';

describe('createArtifactStore', () => {
  const dirs: string[] = [];
  after(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

  it('opens a local store from a relative path, against cwd', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'strata-create-store-'));
    dirs.push(cwd);
    const store = await createArtifactStore('strata-data/artifacts', { cwd });
    assert.ok(store instanceof LocalArtifactStore);
    assert.deepEqual(await readdir(join(cwd, 'strata-data')), ['artifacts']);
  });

  it('opens a local store from a file:// URI', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'strata-create-store-'));
    dirs.push(dir);
    const store = await createArtifactStore(pathToFileURL(join(dir, 'root')).href);
    assert.ok(store instanceof LocalArtifactStore);
    assert.equal(store.root, join(dir, 'root'));
  });

  it('opens an S3 store from s3://bucket/prefix', async () => {
    const store = await createArtifactStore('s3://my-bucket/some/prefix/', { env: {} });
    assert.ok(store instanceof S3ArtifactStore);
    assert.equal(store.bucket, 'my-bucket');
    assert.equal(store.prefix, 'some/prefix');
  });

  it('refuses other schemes', async () => {
    await assert.rejects(createArtifactStore('gs://bucket/x'), (e: unknown) => isStrataError(e) && e.code === 'INVALID_PARAMETER_VALUE');
  });
});

describe('s3ConnectionFromEnv', () => {
  it('defaults to AWS with virtual-host addressing', () => {
    assert.deepEqual(s3ConnectionFromEnv({}), {
      endpoint: undefined,
      region: 'us-east-1',
      forcePathStyle: false,
      credentials: undefined,
    });
  });

  it("reads MLflow's endpoint variable and uses path style with it", () => {
    const connection = s3ConnectionFromEnv({
      MLFLOW_S3_ENDPOINT_URL: 'http://127.0.0.1:9000',
      AWS_DEFAULT_REGION: 'eu-west-1',
      AWS_ACCESS_KEY_ID: 'ak',
      AWS_SECRET_ACCESS_KEY: 'sk',
    });
    assert.deepEqual(connection, {
      endpoint: 'http://127.0.0.1:9000',
      region: 'eu-west-1',
      forcePathStyle: true,
      credentials: { accessKeyId: 'ak', secretAccessKey: 'sk', sessionToken: undefined },
    });
  });

  it('honours an explicit addressing style', () => {
    const env = { MLFLOW_S3_ENDPOINT_URL: 'https://s3.example.com', MLFLOW_BOTO_CLIENT_ADDRESSING_STYLE: 'virtual' };
    assert.equal(s3ConnectionFromEnv(env).forcePathStyle, false);
  });
});
