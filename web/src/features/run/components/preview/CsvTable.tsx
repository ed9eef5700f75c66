import { useVirtualizer } from '@tanstack/react-virtual';
import Papa from 'papaparse';
import { useEffect, useRef, useState } from 'react';
import { describeError } from '../../../../components/states/ErrorState';
import { formatBytes, formatCount } from '../../../../lib/format';
import { openArtifactStream } from '../../api/useArtifactContent';
import { CSV_MAX_BYTES, CSV_MAX_ROWS } from '../../state/previewKind';

interface Parsed {
  header: string[];
  rows: string[][];
  done: boolean;
  /** Why reading stopped before the end: the row or byte limit. */
  truncated?: string;
}

const ROW_H = 24;

/**
 * CSV/TSV: the stream is parsed as it arrives (papaparse, row by row) and the read is cancelled
 * once 10,000 rows are in, so a 2 GB file costs about what those rows weigh. Rows are virtualized.
 */
export function CsvTable({ runId, path, size, delimiter }: { runId: string; path: string; size: number; delimiter: ',' | '\t' }) {
  const [parsed, setParsed] = useState<Parsed | undefined>();
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    const controller = new AbortController();
    const rows: string[][] = [];
    let header: string[] | undefined;
    let flushed = 0;
    setParsed(undefined);
    setError(undefined);
    const publish = (done: boolean, truncated?: string) => {
      flushed = rows.length;
      setParsed({ header: header ?? [], rows: rows.slice(), done, ...(truncated ? { truncated } : {}) });
    };
    void (async () => {
      try {
        const read = await openArtifactStream(runId, path, size, CSV_MAX_BYTES, controller.signal);
        const byteCapped = read.length < read.totalSize;
        Papa.parse<string[]>(nodeStyleStream(read.body, controller.signal), {
          delimiter,
          skipEmptyLines: 'greedy',
          step: (result, parser) => {
            if (controller.signal.aborted) return parser.abort();
            if (header === undefined) header = result.data;
            else rows.push(result.data);
            if (rows.length >= CSV_MAX_ROWS) {
              parser.abort();
              controller.abort();
              publish(true, `first ${formatCount(CSV_MAX_ROWS)} rows`);
            } else if (rows.length - flushed >= 500) publish(false);
          },
          complete: () => {
            if (rows.length < CSV_MAX_ROWS && !controller.signal.aborted) publish(true, byteCapped ? `rows in the first ${formatBytes(read.length)}` : undefined);
          },
          error: (e: unknown) => {
            if (!controller.signal.aborted) setError(e);
          },
        });
      } catch (e) {
        if (!controller.signal.aborted) setError(e);
      }
    })();
    return () => controller.abort();
  }, [runId, path, size, delimiter]);

  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({ count: parsed?.rows.length ?? 0, getScrollElement: () => scroller.current, estimateSize: () => ROW_H, overscan: 20 });
  if (error !== undefined) return <div className="field-error" role="alert">{describeError(error)}</div>;
  if (parsed === undefined) return <div className="muted">Loading…</div>;
  const columns = Math.max(parsed.header.length, ...parsed.rows.slice(0, 50).map((r) => r.length));
  const template = `56px repeat(${columns}, minmax(90px, 1fr))`;
  return (
    <>
      <div className="preview-note" data-testid="csv-extent">
        {formatCount(parsed.rows.length)} rows × {columns} columns{parsed.truncated ? ` (${parsed.truncated} of ${formatBytes(size)})` : parsed.done ? '' : ' so far…'}
      </div>
      <div className="csv-scroll" ref={scroller} role="table" aria-label={`Table ${path}`} aria-rowcount={parsed.rows.length + 1} data-testid="csv-table">
        <div className="csv-row csv-head" role="row" style={{ gridTemplateColumns: template }}>
          <span role="columnheader" className="faint num">#</span>
          {Array.from({ length: columns }, (_, c) => <span key={c} role="columnheader" title={parsed.header[c]}>{parsed.header[c] ?? ''}</span>)}
        </div>
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const row = parsed.rows[item.index] ?? [];
            return (
              <div key={item.index} className="csv-row" role="row" aria-rowindex={item.index + 2} style={{ gridTemplateColumns: template, transform: `translateY(${item.start}px)` }}>
                <span role="cell" className="faint num">{item.index + 1}</span>
                {Array.from({ length: columns }, (_, c) => <span key={c} role="cell" title={row[c]}>{row[c] ?? ''}</span>)}
              </div>
            );
          })}
        </div>
      </div>
    </>
  );
}

/**
 * papaparse streams from Node-style readables only (`on('data')`, pause/resume): this adapts a
 * fetch body to that shape, decoding UTF-8 across chunk boundaries.
 */
function nodeStyleStream(body: ReadableStream<Uint8Array>, signal: AbortSignal) {
  const listeners: Record<string, Array<(arg?: unknown) => void>> = { data: [], end: [], error: [] };
  const emit = (event: string, arg?: unknown) => { for (const fn of listeners[event] ?? []) fn(arg); };
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let paused = false;
  let pumping = false;
  const pump = async () => {
    if (pumping) return;
    pumping = true;
    try {
      while (!paused && !signal.aborted) {
        const { done, value } = await reader.read();
        if (done) {
          const rest = decoder.decode();
          if (rest !== '') emit('data', rest);
          emit('end');
          return;
        }
        emit('data', decoder.decode(value, { stream: true }));
      }
      if (signal.aborted) await reader.cancel().catch(() => undefined);
    } catch (e) {
      if (!signal.aborted) emit('error', e);
    } finally {
      pumping = false;
    }
  };
  signal.addEventListener('abort', () => void reader.cancel().catch(() => undefined));
  const stream = {
    readable: true,
    read: () => undefined,
    on(event: string, fn: (arg?: unknown) => void) {
      listeners[event]?.push(fn);
      if (event === 'data') queueMicrotask(() => void pump());
      return stream;
    },
    removeListener(event: string, fn: (arg?: unknown) => void) {
      listeners[event] = (listeners[event] ?? []).filter((f) => f !== fn);
      return stream;
    },
    pause() { paused = true; },
    resume() { paused = false; void pump(); },
  };
  return stream as unknown as File;
}
