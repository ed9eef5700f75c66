import { createReadStream, createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { execSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { LocalArtifactStore } from './src/artifacts/local-artifact-store.ts';
const root = '/tmp/strata-perf/root';
await rm(root, { recursive: true, force: true });
const store = await LocalArtifactStore.open({ root });
const time = async (f: () => Promise<unknown> | unknown) => { execSync('sync'); const t = performance.now(); await f(); return performance.now() - t; };
for (let i = 0; i < 3; i++) {
  const cp = await time(() => execSync('cp /tmp/strata-perf/src.bin /tmp/strata-perf/cp.bin'));
  execSync('rm -f /tmp/strata-perf/cp.bin');
  const plain = await time(() => pipeline(createReadStream('/tmp/strata-perf/src.bin', { highWaterMark: 65536 }), createWriteStream('/tmp/strata-perf/plain.bin', { highWaterMark: 1 << 20 })));
  execSync('rm -f /tmp/strata-perf/plain.bin');
  const hashOnly = await time(async () => { const h = createHash('sha256'); for await (const c of createReadStream('/tmp/strata-perf/src.bin', { highWaterMark: 65536 })) h.update(c); h.digest(); });
  const put = await time(() => store.put(`x/big${i}.bin`, createReadStream('/tmp/strata-perf/src.bin', { highWaterMark: 65536 })));
  const get = await time(async () => pipeline((await store.get(`x/big${i}.bin`)).stream, createWriteStream('/tmp/strata-perf/out.bin', { highWaterMark: 1 << 20 })));
  execSync('rm -f /tmp/strata-perf/out.bin'); await store.delete(`x/big${i}.bin`);
  console.log(`cp ${cp.toFixed(0)} | node copy ${plain.toFixed(0)} | hash-only read ${hashOnly.toFixed(0)} | put ${put.toFixed(0)} (${(cp / put * 100).toFixed(0)}%) | get ${get.toFixed(0)} (${(cp / get * 100).toFixed(0)}%)`);
}
