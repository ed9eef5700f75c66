/** Reads an export file (strata audit export) line by line: its header and checkpoints, then its events as a stream. */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { ChainHead, SealedAuditEvent } from '../../../core/audit/audit-chain.js';
import { GENESIS_HEAD } from '../../../core/audit/audit-chain.js';
import type { AuditCheckpoint } from '../../../core/audit/audit-checkpoint.js';
import { checkpointFromWire, eventFromWire, EXPORT_FORMAT, headFromWire, type ExportLine } from './chain-wire.js';

/** How the exporter starts every event line: the first pass skips them without parsing. */
const EVENT_LINE_START = '{"type":"event",';

async function* lines(file: string, skipEvents = false): AsyncGenerator<{ line: ExportLine; number: number }> {
  const reader = createInterface({ input: createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 }), crlfDelay: Infinity });
  let number = 0;
  for await (const text of reader) {
    number += 1;
    if (text.trim() === '' || (skipEvents && text.startsWith(EVENT_LINE_START))) continue;
    let line: ExportLine;
    try {
      line = JSON.parse(text) as ExportLine;
    } catch {
      throw new Error(`line ${number} of ${file} is not JSON: not an audit export, or damaged`);
    }
    yield { line, number };
  }
}

export async function readExportCheckpoints(file: string): Promise<{ header: ChainHead; checkpoints: AuditCheckpoint[] }> {
  let header: ChainHead | undefined;
  const checkpoints: AuditCheckpoint[] = [];
  // An event line that does not start the usual way is parsed below and ignored: pass 2 reads every event.
  for await (const { line, number } of lines(file, true)) {
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

export async function* readExportEvents(file: string): AsyncGenerator<SealedAuditEvent> {
  for await (const { line } of lines(file)) if (line.type === 'event') yield eventFromWire(line);
}
