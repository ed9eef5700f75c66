/**
 * `strata audit verify`: recomputes the audit log's hash chain and checks it against the
 * signed checkpoints — from the server (events read in sequence order, page by page) or from
 * an export file, offline. Exit code 0: intact; 1: tampered (the first problem is named);
 * 2: it could not be checked (server unreachable, file unreadable, bad usage).
 */
import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import type { Command } from 'commander';
import type { AuditCheckpoint } from '../../../core/audit/audit-checkpoint.js';
import { AuditChainVerifier, badCheckpointSignature, type AuditVerifyReport } from '../../../core/audit/audit-verifier.js';
import type { StrataClient } from '../../../client/strata-client.js';
import { resolveTrackingConfig, type TrackingConfig } from '../../../client/tracking-uri.js';
import { CommandExit, UsageError, type CliContext } from '../../cli-context.js';
import { checkpointFromWire } from './chain-wire.js';
import { readExportCheckpoints, readExportEvents } from './read-export.js';
import { nodeAuditCrypto } from './node-audit-crypto.js';
import { snakeCaseKeys } from '../../snake-case-keys.js';
import { CHAIN_PAGE_SIZE } from './verify-stretch.js';
import { defaultThreads, verifyOnThreads } from './verify-threads.js';

export const VERIFY_OK = 0;
export const VERIFY_TAMPERED = 1;
export const VERIFY_ERROR = 2;

interface Options {
  file?: string;
  publicKey?: string;
  json?: boolean;
  threads?: string;
}

interface Outcome {
  report: AuditVerifyReport;
  /** Server only: committed events not sealed yet. */
  pendingEvents?: number;
  source: string;
}

export function registerAuditVerify(parent: Command, ctx: CliContext): void {
  parent
    .command('verify')
    .description('check the audit log against its signed checkpoints: exit 0 intact, 1 tampered (first problem named), 2 could not check')
    .option('--file <export.jsonl>', 'check an export (strata audit export) offline instead of the server')
    .option('--public-key <key.pem>', 'the Ed25519 public key to trust (required with --file; default: the server\'s, from /audit/public-key)')
    .option('--json', 'print the report as JSON')
    .option('--threads <n>', 'check this many stretches of the log (cut at signed checkpoints) at once, in worker threads (default: one per core, for logs of 200,000 events or more; 1: this thread only)')
    .action(async (options: Options, command: Command) => {
      let outcome: Outcome;
      try {
        outcome = await verify(ctx, command, options);
      } catch (error) {
        ctx.io.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
        throw new CommandExit(VERIFY_ERROR);
      }
      print(ctx, outcome, options.json === true);
      if (!outcome.report.ok) throw new CommandExit(VERIFY_TAMPERED);
    });
}

async function verify(ctx: CliContext, command: Command, options: Options): Promise<Outcome> {
  const publicKey = options.publicKey === undefined ? undefined : await readFile(path.resolve(ctx.cwd, options.publicKey), 'utf8');
  if (options.file !== undefined) {
    if (publicKey === undefined) throw new UsageError('--file needs --public-key: the key inside an export is only a hint, anyone could have replaced it');
    const file = path.resolve(ctx.cwd, options.file);
    return { report: await verifyFile(file, publicKey), source: options.file };
  }
  const threads = options.threads === undefined ? undefined : Number(options.threads);
  if (threads !== undefined && !(Number.isInteger(threads) && threads >= 1)) throw new UsageError(`--threads must be a whole number of 1 or more, not ${options.threads}`);
  const client = ctx.client(command);
  // What the workers need to build the same client: the credentials from the environment, the server this command resolved.
  const config = { ...resolveTrackingConfig(ctx.env), trackingUri: client.trackingUri };
  return { ...(await verifyServer(client, config, publicKey, threads)), source: client.trackingUri };
}

async function verifyServer(
  client: StrataClient,
  config: TrackingConfig,
  trustedKey: string | undefined,
  threads: number | undefined,
): Promise<Omit<Outcome, 'source'>> {
  const publicKeyPem = trustedKey ?? (await client.audit.publicKey()).public_key;
  const checkpoints: AuditCheckpoint[] = [];
  for (;;) {
    const page = await client.audit.checkpoints({ after_size: checkpoints.at(-1)?.size ?? 0, max_results: CHAIN_PAGE_SIZE });
    checkpoints.push(...page.checkpoints.map(checkpointFromWire));
    if (page.checkpoints.length < CHAIN_PAGE_SIZE) break;
  }
  // Stretches start from checkpoints' root hashes: those must be signed before anything is cut at them.
  if (badCheckpointSignature(nodeAuditCrypto, checkpoints, publicKeyPem)) {
    return { report: new AuditChainVerifier(nodeAuditCrypto, { publicKeyPem, checkpoints }).finish(), pendingEvents: 0 };
  }
  const lastSize = checkpoints.reduce((size, c) => Math.max(size, c.size), 0);
  return verifyOnThreads(client, config, { publicKeyPem, checkpoints }, threads ?? defaultThreads(availableParallelism(), lastSize));
}

/** Two passes: checkpoints may stand anywhere in the file, and events are never all held in memory. */
async function verifyFile(file: string, publicKeyPem: string): Promise<AuditVerifyReport> {
  const { header, checkpoints } = await readExportCheckpoints(file);
  const verifier = new AuditChainVerifier(nodeAuditCrypto, { publicKeyPem, checkpoints, startAfter: header });
  for await (const events of readExportEvents(file)) if (!events.every((event) => verifier.add(event))) break;
  return verifier.finish();
}

function print(ctx: CliContext, { report, pendingEvents, source }: Outcome, json: boolean): void {
  if (json) return ctx.printJson(snakeCaseKeys({ ...report, ...(pendingEvents === undefined ? {} : { pendingEvents }), source }));
  if (!report.ok) {
    ctx.print(`TAMPERED: ${report.problem?.message ?? 'unknown problem'}`);
    ctx.print(`  (${report.events} events checked before it, in ${source})`);
    return;
  }
  const range = report.firstSequence === undefined ? '' : ` (sequences ${report.firstSequence}..${report.lastSequence})`;
  ctx.print(`OK: ${report.events} events verified${range}, ${report.checkpointsVerified} signed checkpoints matched`);
  if (report.eventsAfterLastCheckpoint > 0) {
    ctx.print(`  ${report.eventsAfterLastCheckpoint} events after the last checkpoint are bound by the chain only, until the next checkpoint`);
  }
  if (pendingEvents) ctx.print(`  ${pendingEvents} newer events are waiting to be sealed (not checked yet)`);
}
