/**
 * `s3://` data remotes against a real S3-compatible server (radosgw from the shared test
 * script). Skipped (counted as skipped) with the reason when none answers; STRATA_REQUIRE_S3=1
 * fails instead.
 */
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { objectRelPath } from '../../src/data/object-key.js';
import { S3_TEST_ENDPOINT, S3_TEST_ENV, createTestBucket, s3SuiteSkip, s3TestClient } from '../helpers/s3-test-endpoint.js';
import { runDataRemoteContract } from './data-remote.contract.js';

const PREFIX = 'team/datasets';
const skip = await s3SuiteSkip();

runDataRemoteContract(
  's3://',
  async () => {
    const client = s3TestClient();
    const { bucket, destroy } = await createTestBucket(client);
    const target = new URL(S3_TEST_ENDPOINT);
    const objectKey = (key: string): string => `${PREFIX}/${objectRelPath(key)}`;
    return {
      remote: { url: `s3://${bucket}/${PREFIX}`, env: S3_TEST_ENV },
      through: (host) => ({ url: `s3://${bucket}/${PREFIX}`, env: { ...S3_TEST_ENV, MLFLOW_S3_ENDPOINT_URL: `http://${host}` } }),
      target: { host: target.hostname, port: Number(target.port || 80) },
      // One ListObjectsV2 page per 1,000 keys, whatever their fan-out folders.
      listingRequests: (keys) => Math.max(1, Math.ceil(keys.size / 1000)),
      readObject: async (key) => {
        const got = await client.send(new GetObjectCommand({ Bucket: bucket, Key: objectKey(key) }));
        return Buffer.from(await got.Body!.transformToByteArray());
      },
      writeObject: async (key, bytes) => {
        await client.send(new PutObjectCommand({ Bucket: bucket, Key: objectKey(key), Body: bytes }));
      },
      cleanup: async () => {
        await destroy();
        client.destroy();
      },
    };
  },
  skip,
);
