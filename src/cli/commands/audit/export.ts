/**
 * `strata audit export --since … [--until …] --format jsonl [--output F]`: the audit chain's
 * events with their hashes, the chain head just before the first one, and the signed
 * checkpoints that cover them — enough for `strata audit verify --file` to check it offline
 * with only the public key. A range's end is carried on to the next checkpoint, so that its
 * last events are covered by a signature too.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import path from 'node:path';
import type { Command } from 'commander';
import type { AuditCheckpointWire, SealedAuditEventWire } from '../../../api/strata-audit.js';
import type { StrataClient } from '../../../client/strata-client.js';
import { UsageError, type CliContext } from '../../cli-context.js';
import { parseTimeFlag } from '../../parse-time.js';
import { EXPORT_FORMAT, type ExportHeaderLine } from './chain-wire.js';

const PAGE_SIZE = 10_000;
const GENESIS = { sequence: 0, chain_hash: '0'.repeat(64) };

interface Options {
  since?: number;
  until?: number;
  format: string;
  output?: string;
}

interface LineWriter {
  write(line: object): Promise<void>;
  close(): Promise<void>;
}

export function registerAuditExport(parent: Command, ctx: CliContext): void {
  parent
    .command('export')
    .description('write the audit chain (events, hashes, signed checkpoints) for offline verification')
    .option('--since <time>', 'from the first event at or after this time (ms since the epoch or ISO 8601; default: the beginning)', parseTimeFlag)
    .option('--until <time>', 'up to the last event before this time, then on to the next checkpoint (same forms as --since)', parseTimeFlag)
    .option('--format <format>', 'jsonl: one JSON object per line', 'jsonl')
    .option('--output <file>', 'write here instead of standard output')
    .action(async (options: Options, command: Command) => {
      if (options.format !== 'jsonl') throw new UsageError(`unknown --format '${options.format}' (jsonl is the one format)`);
      const writer = options.output === undefined ? stdoutWriter(ctx) : fileWriter(path.resolve(ctx.cwd, options.output));
      try {
        const counts = await exportChain(ctx.client(command), options, writer);
        if (options.output !== undefined) {
          ctx.io.stderr.write(`exported ${counts.events} events and ${counts.checkpoints} checkpoints to ${options.output}\n`);
        }
      } finally {
        await writer.close();
      }
    });
}

async function exportChain(client: StrataClient, options: Options, writer: LineWriter): Promise<{ events: number; checkpoints: number }> {
  const key = await client.audit.publicKey();
  let page = await client.audit.chain({ ...(options.since === undefined ? {} : { since: options.since }), max_results: PAGE_SIZE });
  const first = page.events[0];
  const after = first === undefined || first.sequence === 1 ? GENESIS : await headBefore(client, first.sequence);
  const header: ExportHeaderLine = { type: 'header', format: EXPORT_FORMAT, exported_at: Date.now(), key_id: key.key_id, public_key: key.public_key, after };
  await writer.write(header);
  const checkpoints = first === undefined ? [] : await checkpointsFrom(client, first.sequence);
  let end = Infinity;
  let events = 0;
  let lastWritten = 0;
  for (;;) {
    for (const event of page.events) {
      if (end === Infinity && options.until !== undefined && event.time >= options.until) end = coveredEnd(checkpoints, event.sequence - 1);
      if (event.sequence > end) break;
      await writer.write({ type: 'event', ...event });
      events += 1;
      lastWritten = event.sequence;
    }
    const last: SealedAuditEventWire | undefined = page.events.at(-1);
    if (last === undefined || last.sequence >= end || page.events.length < PAGE_SIZE) break;
    page = await client.audit.chain({ after_sequence: last.sequence, max_results: PAGE_SIZE });
  }
  const covering = checkpoints.filter((c) => c.size <= lastWritten);
  for (const checkpoint of covering) await writer.write({ type: 'checkpoint', ...checkpoint });
  return { events, checkpoints: covering.length };
}

/** The last event to export for a range ending at `sequence`: on to the first checkpoint covering it, if any. */
function coveredEnd(checkpoints: readonly AuditCheckpointWire[], sequence: number): number {
  return checkpoints.find((c) => c.size >= sequence)?.size ?? sequence;
}

async function headBefore(client: StrataClient, sequence: number): Promise<ExportHeaderLine['after']> {
  const previous = (await client.audit.chain({ after_sequence: sequence - 2, max_results: 1 })).events[0];
  if (previous === undefined || previous.sequence !== sequence - 1) throw new Error(`the audit chain has no event at sequence ${sequence - 1}: export from the beginning, or verify the log`);
  return { sequence: previous.sequence, chain_hash: previous.chain_hash };
}

async function checkpointsFrom(client: StrataClient, sequence: number): Promise<AuditCheckpointWire[]> {
  const all: AuditCheckpointWire[] = [];
  for (;;) {
    const page = await client.audit.checkpoints({ after_size: all.at(-1)?.size ?? sequence - 1, max_results: PAGE_SIZE });
    all.push(...page.checkpoints);
    if (page.checkpoints.length < PAGE_SIZE) return all;
  }
}

function stdoutWriter(ctx: CliContext): LineWriter {
  return { write: async (line) => void ctx.io.stdout.write(`${JSON.stringify(line)}\n`), close: async () => {} };
}

function fileWriter(file: string): LineWriter {
  const stream = createWriteStream(file, { encoding: 'utf8' });
  return {
    write: async (line) => {
      if (!stream.write(`${JSON.stringify(line)}\n`)) await once(stream, 'drain');
    },
    close: () => new Promise<void>((resolve, reject) => stream.end((error?: Error | null) => (error ? reject(error) : resolve()))),
  };
}
