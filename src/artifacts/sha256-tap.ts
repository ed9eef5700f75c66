import { createHash, type Hash } from 'node:crypto';
import type { ByteStream } from '../core/ports/artifact-store.js';

/**
 * Counts and hashes bytes as they stream past, so an upload's SHA-256 costs no second
 * read. Wrap the body with `tap()`, consume it, then read `size` and `digest()`.
 */
export class Sha256Tap {
  private readonly hash: Hash = createHash('sha256');
  private hex: string | undefined;
  size = 0;

  async *tap(source: ByteStream): AsyncGenerator<Uint8Array> {
    for await (const chunk of source) {
      this.hash.update(chunk);
      this.size += chunk.byteLength;
      yield chunk;
    }
  }

  /** Hex digest, once the stream has ended. */
  digest(): string {
    this.hex ??= this.hash.digest('hex');
    return this.hex;
  }
}
