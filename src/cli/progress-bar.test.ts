import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createProgressReporter, formatProgress } from './progress-bar.js';
import { formatBytes } from './format-bytes.js';

const MiB = 1024 * 1024;

describe('progress bar', () => {
  it('shows bytes, rate and ETA', () => {
    const line = formatProgress('uploading', { bytesDone: 50 * MiB, bytesTotal: 100 * MiB, filesDone: 1, filesTotal: 4 }, 5000);
    assert.match(line, /^uploading \[#{12}-{12}\]\s+50%/);
    assert.match(line, /50\.0 MiB \/ 100\.0 MiB/);
    assert.match(line, /10\.0 MiB\/s/);
    assert.match(line, /ETA 0:05/);
    assert.match(line, /\(1\/4 files\)/);
  });

  it('draws only on a terminal and only for transfers over 4 MiB', () => {
    let written = '';
    const tty = { isTTY: true, write: (s: string) => (written += s) };
    const big = { bytesDone: 1, bytesTotal: 10 * MiB, filesDone: 0, filesTotal: 1 };
    createProgressReporter({ ...tty, isTTY: false }, 'x').onProgress(big);
    createProgressReporter(tty, 'x').onProgress({ ...big, bytesTotal: MiB });
    assert.equal(written, '');
    const reporter = createProgressReporter(tty, 'x');
    reporter.onProgress(big);
    reporter.finish();
    assert.match(written, /^\rx \[.*\n$/s);
  });

  it('formats sizes in binary units', () => {
    assert.equal(formatBytes(812), '812 B');
    assert.equal(formatBytes(1536), '1.5 KiB');
    assert.equal(formatBytes(3 * 1024 * MiB), '3.0 GiB');
  });
});
