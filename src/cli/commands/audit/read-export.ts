/** Reads an export file (strata audit export) line by line: its header and checkpoints, then its events as a stream. */
import { createReadStream } from 'node:fs';
import type { ChainHead, SealedAuditEvent } from '../../../core/audit/audit-chain.js';
import { GENESIS_HEAD } from '../../../core/audit/audit-chain.js';
import type { AuditCheckpoint } from '../../../core/audit/audit-checkpoint.js';
import { checkpointFromWire, eventFromWire, EXPORT_FORMAT, headFromWire, type ExportLine } from './chain-wire.js';

/** How the exporter starts every event line: the first pass skips them without parsing. */
const EVENT_LINE_START = '{"type":"event",';

/** The file's lines, a read buffer's worth (~1 MB) at a time: one await per batch, not per line, over a million lines. */
async function* lineBatches(file: string): AsyncGenerator<string[]> {
  let rest = '';
  for await (const chunk of createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 }) as AsyncIterable<string>) {
    const batch = (rest + chunk).split('\n');
    rest = batch.pop() ?? '';
    yield batch;
  }
  if (rest !== '') yield [rest];
}

async function* lines(file: string, skipEvents = false): AsyncGenerator<Array<{ line: ExportLine; number: number }>> {
  let number = 0;
  for await (const texts of lineBatches(file)) {
    const parsed: Array<{ line: ExportLine; number: number }> = [];
    for (const raw of texts) {
      number += 1;
      const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
      if (text.trim() === '' || (skipEvents && text.startsWith(EVENT_LINE_START))) continue;
      let line: ExportLine;
      try {
        line = JSON.parse(text) as ExportLine;
      } catch {
        throw new Error(`line ${number} of ${file} is not JSON: not an audit export, or damaged`);
      }
      parsed.push({ line, number });
    }
    yield parsed;
  }
}

export async function readExportCheckpoints(file: string): Promise<{ header: ChainHead; checkpoints: AuditCheckpoint[] }> {
  let header: ChainHead | undefined;
  const checkpoints: AuditCheckpoint[] = [];
  // An event line that does not start the usual way is parsed below and ignored: pass 2 reads every event.
  for await (const batch of lines(file, true)) for (const { line, number } of batch) {
    if (line.type === 'header') {
      if (line.format !== EXPORT_FORMAT) throw new Error(`line ${number} of ${file}: unknown export format '${String(line.format)}' (expected ${EXPORT_FORMAT})`);
      header = headFromWire(line.after);
    } else if (line.type === 'checkpoint') {
      checkpoints.push(checkpointFromWire(line));
    }
  }
  if (header === undefined) throw new Error(`${file} has no header line: not an audit export`);
  return { header: header.sequence === 0 ? GENESIS_HEAD : header, checkpoints };
}

/** The export's events in file order, in batches (one per read buffer). */
export async function* readExportEvents(file: string): AsyncGenerator<SealedAuditEvent[]> {
  for await (const batch of lines(file)) {
    const events: SealedAuditEvent[] = [];
    for (const { line } of batch) if (line.type === 'event') events.push(eventFromWire(line));
    yield events;
  }
}
