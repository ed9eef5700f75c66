import type { Readable } from 'node:stream';

/**
 * Iterates a readable in flowing mode through a queue of up to `readAheadBytes`, pausing
 * it only when the queue is full. Iterating an http.IncomingMessage directly pauses and
 * resumes its socket for nearly every 64 KiB chunk (the message's high-water mark is
 * 16 KiB): two epoll_ctl calls and an idle socket each time.
 *
 * Stopping early (`return()`, or a consumer that throws) leaves the stream paused, not
 * destroyed: an HTTP server must still be able to answer on it. An 'error', or a 'close'
 * before 'end', is thrown from `next()`.
 *
 * A copy of src/artifacts/flowing-chunks.ts (the SDK may not import src/artifacts): keep the two alike.
 */
export function flowingChunks(stream: Readable, readAheadBytes: number): AsyncIterable<Uint8Array> {
  return { [Symbol.asyncIterator]: () => flowingIterator(stream, readAheadBytes) };
}

function flowingIterator(stream: Readable, readAheadBytes: number): AsyncIterator<Uint8Array> {
  const queue: Buffer[] = [];
  let queued = 0;
  let ended = stream.readableEnded;
  let failure: unknown;
  let paused = false;
  let wake: (() => void) | undefined;
  const notify = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  const onData = (chunk: Buffer) => {
    queue.push(chunk);
    queued += chunk.length;
    if (queued >= readAheadBytes && !paused) {
      paused = true;
      stream.pause();
    }
    notify();
  };
  const onEnd = () => {
    ended = true;
    notify();
  };
  const onError = (error: unknown) => {
    failure ??= error;
    notify();
  };
  const onClose = () => {
    if (!ended) failure ??= Object.assign(new Error('Premature close'), { code: 'ERR_STREAM_PREMATURE_CLOSE' });
    notify();
  };
  const detach = () => {
    stream.off('data', onData).off('end', onEnd).off('error', onError).off('close', onClose);
    if (!ended) stream.pause();
  };
  if (stream.errored) failure = stream.errored;
  else if (stream.destroyed && !ended) onClose();
  if (!ended && failure === undefined) {
    stream.on('data', onData).on('end', onEnd).on('error', onError).on('close', onClose);
    stream.resume();
  }
  return {
    async next(): Promise<IteratorResult<Uint8Array>> {
      for (;;) {
        const chunk = queue.shift();
        if (chunk !== undefined) {
          queued -= chunk.length;
          if (paused && queued <= readAheadBytes / 2) {
            paused = false;
            stream.resume();
          }
          return { value: chunk, done: false };
        }
        if (failure !== undefined) {
          detach();
          throw failure;
        }
        if (ended) {
          detach();
          return { value: undefined, done: true };
        }
        await new Promise<void>((resolve) => (wake = resolve));
      }
    },
    async return(): Promise<IteratorResult<Uint8Array>> {
      detach();
      queue.length = 0;
      return { value: undefined, done: true };
    },
  };
}
