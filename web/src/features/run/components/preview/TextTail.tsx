import { useCallback, useEffect, useRef, useState } from 'react';
import { describeError } from '../../../../components/states/ErrorState';
import { formatBytes } from '../../../../lib/format';
import { readArtifactBytes } from '../../api/useArtifactContent';
import { decodeChunk, TEXT_CHUNK_BYTES } from '../../state/previewKind';
import { LinesView } from './LinesView';

interface Loaded {
  text: string;
  /** Byte offset where `text` starts (a line boundary, or 0). */
  textStart: number;
}

/**
 * A text file or log: the last 256 KiB (HTTP Range), then earlier chunks on request, so a
 * 2 GB log costs 256 KiB. Line numbers are absolute once the start is loaded, else they count
 * from the first line shown.
 */
export function TextTail({ runId, path, size }: { runId: string; path: string; size: number }) {
  const [loaded, setLoaded] = useState<Loaded | undefined>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const abort = useRef<AbortController | undefined>(undefined);

  const load = useCallback(async (end: number, before: Loaded | undefined) => {
    abort.current?.abort();
    const controller = new AbortController();
    abort.current = controller;
    setBusy(true);
    try {
      const start = Math.max(0, end - TEXT_CHUNK_BYTES);
      const chunk = end === 0 ? { bytes: new Uint8Array(), start: 0 } : await readArtifactBytes(runId, path, { start, end: end - 1 }, controller.signal);
      const { text, textStart } = decodeChunk(chunk.bytes, chunk.start);
      setLoaded({ text: before ? text + before.text : text, textStart });
      setError(undefined);
    } catch (e) {
      if (!controller.signal.aborted) setError(e);
    } finally {
      if (!controller.signal.aborted) setBusy(false);
    }
  }, [runId, path]);

  useEffect(() => {
    setLoaded(undefined);
    void load(size, undefined);
    return () => abort.current?.abort();
  }, [load, size]);

  if (error !== undefined && loaded === undefined) return <div className="field-error" role="alert">{describeError(error)}</div>;
  if (loaded === undefined) return <div className="muted">Loading…</div>;
  const partial = loaded.textStart > 0;
  return (
    <>
      <div className="preview-note" data-testid="text-extent">
        {partial ? (
          <>
            <span>Last {formatBytes(size - loaded.textStart)} of {formatBytes(size)}; line numbers count from the first line shown.</span>
            <button type="button" className="link" disabled={busy} onClick={() => void load(loaded.textStart, loaded)} data-testid="load-earlier">
              {busy ? 'Loading…' : `Load ${formatBytes(Math.min(TEXT_CHUNK_BYTES, loaded.textStart))} earlier`}
            </button>
          </>
        ) : (
          <span>{formatBytes(size)}</span>
        )}
        {error !== undefined && <span className="field-error">{describeError(error)}</span>}
      </div>
      <LinesView text={loaded.text} stickToBottom={partial} label={`Contents of ${path}`} />
    </>
  );
}
