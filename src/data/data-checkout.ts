/**
 * `strata data checkout`: makes the workspace match the pointer files. A file is replaced
 * or removed only when its current content is in the cache (so nothing is lost); anything
 * else is a local change, and the whole path is left alone unless `force` is set.
 */
import { lstatSync, rmSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { DataError, toErrorInfo, type DataErrorInfo } from './data-error.js';
import { withSession, type DataOptions, type DataSession } from './data-session.js';
import type { ManifestEntry } from './manifest.js';
import { listObjects, objectPath } from './object-cache.js';
import { checkObjects, recordLinkedObject, stateKey, type ObjectProblem } from './object-check.js';
import { isDirPointer, readPointerFile } from './pointer-file.js';
import { pointerEntries, scannedEntries } from './data-status.js';
import { selectTracked, type TrackedPath } from './tracked-path.js';
import { scanTracked } from './workspace-scan.js';

export interface CheckoutRequest {
  paths?: string[];
  /** Overwrite and delete local changes that are not in the cache. */
  force?: boolean;
}

export type CheckoutOutcome =
  | { ok: true; path: string; placed: number; removed: number; unchanged: number }
  | { ok: false; path: string; error: DataErrorInfo; conflicts?: string[]; problems?: ObjectProblem[] };

export interface CheckoutResult {
  outcomes: CheckoutOutcome[];
}

export function dataCheckout(request: CheckoutRequest = {}, options: DataOptions): Promise<CheckoutResult> {
  return withSession(options, (session) => checkoutTargets(session, selectTracked(session.repo, session.cwd, request.paths ?? []), request.force ?? false));
}

export async function checkoutTargets(session: DataSession, targets: TrackedPath[], force: boolean): Promise<CheckoutResult> {
  const outcomes: CheckoutOutcome[] = [];
  for (const target of targets) {
    try {
      outcomes.push(await checkoutOne(session, target, force));
    } catch (err) {
      outcomes.push({ ok: false, path: target.rel, error: toErrorInfo(err, target.pointerRel) });
    }
  }
  return { outcomes };
}

interface Plan {
  place: ManifestEntry[];
  remove: ManifestEntry[];
  unchanged: number;
  /** Paths (within the target) whose current content exists nowhere but the workspace. */
  conflicts: string[];
}

async function checkoutOne(session: DataSession, target: TrackedPath, force: boolean): Promise<CheckoutOutcome> {
  const pointer = readPointerFile(target.pointerAbs, target.pointerRel);
  const desired = pointerEntries(session, pointer);
  const isDir = isDirPointer(pointer);
  const current = await currentEntries(session, target, isDir, force);
  const plan = makePlan(desired, current, listObjects(session.repo));
  if (plan.conflicts.length > 0 && !force) return conflictOutcome(target, plan.conflicts);
  const problems = await checkObjects(session, [...new Set(plan.place.map((e) => e.hash))]);
  const bad = new Set(problems.map((p) => p.key));
  for (const entry of plan.remove) removeFile(session, target, entry);
  problems.push(...(await placeAll(session, target, plan.place.filter((e) => !bad.has(e.hash)))));
  if (problems.length > 0) {
    const error = { code: problems[0]?.error.code ?? 'CORRUPTED_OBJECT', message: `${target.rel}: ${problems.length} object(s) missing or corrupted; ${problems[0]?.error.message ?? ''}` } as DataErrorInfo;
    return { ok: false, path: target.rel, error, problems };
  }
  return { ok: true, path: target.rel, placed: plan.place.length, removed: plan.remove.length, unchanged: plan.unchanged };
}

/** Links or copies objects into the workspace (in workers when there are many). */
async function placeAll(session: DataSession, target: TrackedPath, entries: ManifestEntry[]): Promise<ObjectProblem[]> {
  const items = entries.map((e) => ({
    item: { hash: e.hash, src: objectPath(session.repo, e.hash), dst: e.path === '' ? target.abs : join(target.abs, e.path), isExecutable: e.isExecutable },
    size: 0,
  }));
  const links = session.config.links;
  const results = await session.pool.map(items, (batch) => ({ op: 'place', items: batch, links }));
  const problems: ObjectProblem[] = [];
  results.forEach((r, i) => {
    const { hash, dst } = (items[i] as (typeof items)[number]).item;
    if (!r.ok) return problems.push({ key: hash, error: r.error });
    session.state.record(stateKey(session, dst), r.file, hash);
    recordLinkedObject(session, r.file);
  });
  return problems;
}

/**
 * The workspace's files at the target. A file where a folder should be (or the reverse)
 * is removed first when it is safe or forced; the plan then sees an empty workspace.
 */
async function currentEntries(session: DataSession, target: TrackedPath, isDir: boolean, force: boolean): Promise<ManifestEntry[]> {
  const st = lstatSync(target.abs, { throwIfNoEntry: false });
  if (!st) return [];
  if (st.isDirectory() !== isDir || st.isSymbolicLink()) {
    if (!force) throw new DataError('LOCAL_CHANGES', `${target.rel}: is a ${st.isDirectory() ? 'folder' : 'file'} in the workspace; move it away or use --force`);
    rmSync(target.abs, { recursive: true, force: true });
    return [];
  }
  return scannedEntries(await scanTracked(session, target, 'hash'));
}

function makePlan(desired: ManifestEntry[], current: ManifestEntry[], cached: Set<string>): Plan {
  const now = new Map(current.map((e) => [e.path, e]));
  const plan: Plan = { place: [], remove: [], unchanged: 0, conflicts: [] };
  for (const want of desired) {
    const have = now.get(want.path);
    now.delete(want.path);
    if (have?.hash === want.hash) plan.unchanged += 1;
    else {
      if (have && !cached.has(have.hash)) plan.conflicts.push(have.path);
      plan.place.push(want);
    }
  }
  for (const extra of now.values()) {
    if (!cached.has(extra.hash)) plan.conflicts.push(extra.path);
    plan.remove.push(extra);
  }
  return plan;
}

function conflictOutcome(target: TrackedPath, conflicts: string[]): CheckoutOutcome {
  const shown = conflicts.slice(0, 3).map((c) => (c === '' ? target.rel : `${target.rel}/${c}`)).join(', ');
  const message = `${target.rel}: ${conflicts.length} file(s) have local changes that are not in the cache (${shown}); run \`strata data add ${target.rel}\` to keep them or checkout with --force to discard them`;
  return { ok: false, path: target.rel, error: { code: 'LOCAL_CHANGES', message }, conflicts };
}

function removeFile(session: DataSession, target: TrackedPath, entry: ManifestEntry): void {
  const abs = entry.path === '' ? target.abs : join(target.abs, entry.path);
  unlinkSync(abs);
  session.state.forget(stateKey(session, abs));
}
