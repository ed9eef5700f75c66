/**
 * The S3-compatible server the tests use: `../shared/scripts/s3-test-server.sh start` from the
 * project root (radosgw on 127.0.0.1:18400) or whatever STRATA_TEST_S3_ENDPOINT names.
 * `s3SkipReason` is undefined when it answers; callers skip with the reason, or fail under
 * STRATA_REQUIRE_S3=1.
 */
import { randomUUID } from 'node:crypto';
import {
  AbortMultipartUploadCommand,
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectsCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  type S3Client,
} from '@aws-sdk/client-s3';
import { createS3Client } from '../../src/artifacts/create-s3-client.js';

export const S3_TEST_ENDPOINT = process.env.STRATA_TEST_S3_ENDPOINT ?? 'http://127.0.0.1:18400';

/** What a Strata process needs in its environment to reach the test server. */
export const S3_TEST_ENV = {
  MLFLOW_S3_ENDPOINT_URL: S3_TEST_ENDPOINT,
  AWS_ACCESS_KEY_ID: process.env.STRATA_TEST_S3_ACCESS_KEY ?? 'TESTAK',
  AWS_SECRET_ACCESS_KEY: process.env.STRATA_TEST_S3_SECRET_KEY ?? 'TESTSK',
  AWS_REGION: 'us-east-1',
};

export async function s3SkipReason(): Promise<string | undefined> {
  try {
    await fetch(S3_TEST_ENDPOINT, { signal: AbortSignal.timeout(2000) });
    return undefined;
  } catch {
    return `no S3-compatible server answers at ${S3_TEST_ENDPOINT} (start one from the project root: ../shared/scripts/s3-test-server.sh start)`;
  }
}

/**
 * The reason S3 suites skip here (undefined when the server answers), for `describeOrSkip`.
 * Under STRATA_REQUIRE_S3=1 (CI) a missing server throws instead: the test file fails.
 */
export async function s3SuiteSkip(): Promise<string | undefined> {
  const reason = await s3SkipReason();
  if (reason !== undefined && process.env.STRATA_REQUIRE_S3 === '1') throw new Error(`${reason} (STRATA_REQUIRE_S3=1)`);
  return reason;
}

export function s3TestClient(): S3Client {
  return createS3Client({
    endpoint: S3_TEST_ENDPOINT,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: S3_TEST_ENV.AWS_ACCESS_KEY_ID, secretAccessKey: S3_TEST_ENV.AWS_SECRET_ACCESS_KEY },
  });
}

export interface TestBucket {
  bucket: string;
  /** Multipart uploads not yet completed or aborted (under `prefix`). */
  pendingUploads(prefix?: string): Promise<{ Key?: string; UploadId?: string }[]>;
  /** Aborts pending uploads, empties and removes the bucket. */
  destroy(): Promise<void>;
}

export async function createTestBucket(client: S3Client): Promise<TestBucket> {
  const bucket = `strata-test-${randomUUID().slice(0, 8)}`;
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
  const pendingUploads = async (prefix = '') =>
    (await client.send(new ListMultipartUploadsCommand({ Bucket: bucket, Prefix: prefix }))).Uploads ?? [];
  const destroy = async (): Promise<void> => {
    for (const u of await pendingUploads()) {
      await client.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: u.Key, UploadId: u.UploadId }));
    }
    for (;;) {
      const page = await client.send(new ListObjectsV2Command({ Bucket: bucket }));
      const keys = (page.Contents ?? []).map((o) => ({ Key: o.Key }));
      if (keys.length === 0) break;
      await client.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: keys } }));
    }
    await client.send(new DeleteBucketCommand({ Bucket: bucket }));
  };
  return { bucket, pendingUploads, destroy };
}
