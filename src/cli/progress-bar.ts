/**
 * A one-line progress bar on stderr for artifact transfers: bytes, rate and ETA, redrawn
 * in place. Shown only on a terminal and only for transfers big enough to be worth
 * watching, so scripts and small copies print nothing extra.
 */
import type { TransferProgress } from '../client/node/index.js';
import { formatBytes } from './format-bytes.js';

/** Transfers smaller than this finish before a bar would tell anyone anything. */
export const PROGRESS_MIN_BYTES = 4 * 1024 * 1024;
const BAR_WIDTH = 24;

export interface ProgressTarget {
  write(text: string): unknown;
  isTTY?: boolean;
}

export interface ProgressReporter {
  onProgress: (progress: TransferProgress) => void;
  /** Ends the line (if one was drawn). */
  finish(): void;
}

export function createProgressReporter(target: ProgressTarget, verb: string, now: () => number = Date.now): ProgressReporter {
  const started = now();
  let drawn = false;
  return {
    onProgress: (progress) => {
      if (!target.isTTY || progress.bytesTotal < PROGRESS_MIN_BYTES) return;
      target.write(`\r${formatProgress(verb, progress, now() - started)}\x1b[K`);
      drawn = true;
    },
    finish: () => {
      if (drawn) target.write('\n');
    },
  };
}

/** e.g. `uploading [##########--------------]  42%  430.0 MiB / 1.0 GiB  210.3 MiB/s  ETA 0:03  (3/10 files)` */
export function formatProgress(verb: string, p: TransferProgress, elapsedMs: number): string {
  const fraction = p.bytesTotal > 0 ? Math.min(1, p.bytesDone / p.bytesTotal) : 1;
  const filled = Math.round(fraction * BAR_WIDTH);
  const rate = elapsedMs > 0 ? p.bytesDone / (elapsedMs / 1000) : 0;
  const eta = rate > 0 ? (p.bytesTotal - p.bytesDone) / rate : undefined;
  const parts = [
    `${verb} [${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}]`,
    `${Math.floor(fraction * 100)}%`.padStart(4),
    `${formatBytes(p.bytesDone)} / ${formatBytes(p.bytesTotal)}`,
    `${formatBytes(rate)}/s`,
    `ETA ${eta === undefined ? '--:--' : formatEta(eta)}`,
  ];
  if (p.filesTotal > 1) parts.push(`(${p.filesDone}/${p.filesTotal} files)`);
  return parts.join('  ');
}

function formatEta(seconds: number): string {
  const s = Math.ceil(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${rest}` : `${m}:${rest}`;
}
