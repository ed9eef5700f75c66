/**
 * `strata data push | fetch | pull`: moves only the objects the other side lacks, found by
 * one listing of the remote. Push sends a manifest only after all of its files arrived, so
 * a manifest on a remote means its files are there too; fetch gets manifests first, since
 * they name the files.
 */
import { committedPointers } from './committed-pointers.js';
import { DataError, toErrorInfo, type DataErrorInfo } from './data-error.js';
import { checkoutTargets, type CheckoutOutcome, type CheckoutResult } from './data-checkout.js';
import type { DataRemote, ObjectTransfer, TransferOutcome } from './data-remote.js';
import { withSession, type DataOptions, type DataSession } from './data-session.js';
import { listObjects, objectPath } from './object-cache.js';
import { isManifestKey } from './object-key.js';
import { collectReferences } from './object-references.js';
import { noSuchRemote } from './data-remotes.js';
import { openRemote } from './open-remote.js';
import { findNeverPushed } from './never-pushed.js';
import { isDirPointer, pointerKey, readPointerFile, type Pointer } from './pointer-file.js';
import { selectTracked, type TrackedPath } from './tracked-path.js';

export interface TransferRequest {
  paths?: string[];
  /** Remote name; default: the config's defaultRemote. */
  remote?: string;
}

export interface TransferFailure {
  /** An object key, or a tracked path when its pointer could not be read. */
  key: string;
  error: DataErrorInfo;
}

export interface TransferResult {
  remote: string;
  transferred: number;
  /** Objects that the destination already had. */
  skipped: number;
  failures: TransferFailure[];
}

export interface PullResult extends TransferResult {
  checkout: CheckoutResult;
}

export interface PushRequest extends TransferRequest {
  /**
   * Also send what every pointer committed on any branch or tag needs (committed-pointers.ts),
   * so that every version can be pulled elsewhere and survives `gc --workspace-only`.
   */
  allCommits?: boolean;
}

export interface PushResult extends TransferResult {
  /** Committed pointer files that could not be read (history cannot be fixed, so not failures). */
  warnings: string[];
}

export function dataPush(request: PushRequest = {}, options: DataOptions): Promise<PushResult> {
  return withSession(options, async (session) => {
    const { name, remote } = await pickRemote(session, request.remote);
    const { pointers, failures } = readPointers(session, selectTracked(session.repo, session.cwd, request.paths ?? []));
    const warnings: string[] = [];
    if (request.allCommits) pointers.push(...committedPointers(session, warnings));
    const refs = collectReferences(session, pointers);
    const local = listObjects(session.repo);
    const there = await remote.listObjects();
    // A manifest missing here but on the remote needs nothing: a remote's manifest means its files are there.
    const wanted = [...refs.keys].filter((k) => !there.has(k));
    const send = wanted.filter((k) => local.has(k));
    const unsendable = wanted.filter((k) => !local.has(k));
    failures.push(...unsendable.map((k) => missing(k, 'is not in the local cache')));
    const items = (keys: string[]): ObjectTransfer[] => keys.map((key) => ({ key, localPath: objectPath(session.repo, key), size: refs.sizes.get(key) ?? 0 }));
    const files = await remote.putObjects(items(send.filter((k) => !isManifestKey(k))), context(session));
    const failed = new Set([...unsendable, ...files.filter((o) => !o.ok).map((o) => o.key)]);
    const isComplete = (m: string): boolean => (refs.manifestFiles.get(m) ?? []).every((k) => !failed.has(k));
    const manifests = send.filter(isManifestKey);
    const sent = await remote.putObjects(items(manifests.filter(isComplete)), context(session));
    const held = manifests.filter((m) => !isComplete(m)).map(skippedManifest);
    return { ...summarize(name, [...files, ...sent, ...held], refs.keys.size - wanted.length, failures), warnings };
  });
}

export function dataFetch(request: TransferRequest = {}, options: DataOptions): Promise<TransferResult> {
  return withSession(options, (session) => fetchTargets(session, request).then((r) => r.result));
}

/**
 * Fetch, then check out. A path whose objects the remote lacks is not checked out: its
 * outcome says which remote lacks which objects and that they were never pushed, in place
 * of the transfer failures of those objects.
 */
export function dataPull(request: TransferRequest & { force?: boolean } = {}, options: DataOptions): Promise<PullResult> {
  return withSession(options, async (session) => {
    const { result, targets, there, remoteUrl } = await fetchTargets(session, request);
    const neverPushed = findNeverPushed(session, targets, listObjects(session.repo), { name: result.remote, url: remoteUrl, keys: there });
    const ready = targets.filter((t) => !neverPushed.byPath.has(t.rel));
    const checkedOut = (await checkoutTargets(session, ready, request.force ?? false)).outcomes.values();
    const outcomes = targets.map((t): CheckoutOutcome => {
      const error = neverPushed.byPath.get(t.rel);
      return error ? { ok: false, path: t.rel, error } : (checkedOut.next().value as CheckoutOutcome);
    });
    const failures = result.failures.filter((f) => !neverPushed.keys.has(f.key));
    return { ...result, failures, checkout: { outcomes } };
  });
}

interface FetchedTargets {
  result: TransferResult;
  targets: TrackedPath[];
  /** What the remote held before the fetch, and where it is. */
  there: Set<string>;
  remoteUrl: string;
}

async function fetchTargets(session: DataSession, request: TransferRequest): Promise<FetchedTargets> {
  const { name, remote } = await pickRemote(session, request.remote);
  const targets = selectTracked(session.repo, session.cwd, request.paths ?? []);
  const { pointers, failures } = readPointers(session, targets);
  const there = await remote.listObjects();
  const local = listObjects(session.repo);
  const before = new Set(local);
  const manifestKeys = pointers.filter(isDirPointer).map(pointerKey);
  const first = await getMissing(session, remote, manifestKeys, local, there, new Map(), failures);
  const refs = collectReferences(session, pointers);
  const rest = await getMissing(session, remote, [...refs.keys], local, there, refs.sizes, failures);
  const outcomes = [...first, ...rest];
  const skipped = [...refs.keys].filter((k) => before.has(k)).length;
  return { result: summarize(name, outcomes, skipped, failures), targets, there, remoteUrl: remote.url };
}

async function getMissing(
  session: DataSession,
  remote: DataRemote,
  keys: string[],
  local: Set<string>,
  there: Set<string>,
  sizes: Map<string, number>,
  failures: TransferFailure[],
): Promise<TransferOutcome[]> {
  const wanted = [...new Set(keys)].filter((k) => !local.has(k));
  failures.push(...wanted.filter((k) => !there.has(k)).map((k) => missing(k, `is not on the remote ${remote.url}: it was never pushed (\`strata data push\` where it was added)`)));
  const items = wanted.filter((k) => there.has(k)).map((key) => ({ key, localPath: objectPath(session.repo, key), size: sizes.get(key) ?? 0 }));
  const outcomes = await remote.getObjects(items, context(session));
  for (const o of outcomes) {
    if (!o.ok) continue;
    local.add(o.key);
    session.verified.add(o.key);
  }
  return outcomes;
}

async function pickRemote(session: DataSession, name: string | undefined): Promise<{ name: string; remote: DataRemote }> {
  const chosen = name ?? session.config.defaultRemote;
  if (!chosen) throw new DataError('REMOTE_NOT_FOUND', 'no remote given and no default remote; add one with `strata data remote add NAME URL`');
  const config = session.config.remotes.find((r) => r.name === chosen);
  if (!config) throw noSuchRemote(chosen);
  return { name: chosen, remote: await openRemote(config.url, session.repo.root, session) };
}

function readPointers(session: DataSession, targets: TrackedPath[]): { pointers: Pointer[]; failures: TransferFailure[] } {
  const pointers: Pointer[] = [];
  const failures: TransferFailure[] = [];
  for (const t of targets) {
    try {
      pointers.push(readPointerFile(t.pointerAbs, t.pointerRel));
    } catch (err) {
      failures.push({ key: t.rel, error: toErrorInfo(err, t.pointerRel) });
    }
  }
  return { pointers, failures };
}

function context(session: DataSession): { pool: DataSession['pool']; jobs: number; localTmpDir: string } {
  return { pool: session.pool, jobs: session.jobs, localTmpDir: session.repo.tmpDir };
}

function missing(key: string, where: string): TransferFailure {
  return { key, error: { code: 'OBJECT_MISSING', message: `object ${key} ${where}` } };
}

function skippedManifest(key: string): TransferOutcome {
  return { key, ok: false, error: { code: 'TRANSFER_FAILED', message: `manifest ${key} not sent because some of the files failed; push again` } };
}

function summarize(remote: string, outcomes: TransferOutcome[], skipped: number, failures: TransferFailure[]): TransferResult {
  for (const o of outcomes) if (!o.ok) failures.push({ key: o.key, error: o.error });
  return { remote, transferred: outcomes.filter((o) => o.ok).length, skipped: Math.max(0, skipped), failures };
}
