/**
 * Saved views of the runs table: named, per experiment, unique by name within it. The view's
 * state is the dashboard's URL query, kept as opaque text under a size cap. Every change is
 * audited like other writes.
 */
import { MAX_SAVED_VIEW_NAME_LENGTH, MAX_SAVED_VIEW_STATE_LENGTH, MAX_SAVED_VIEWS_PER_EXPERIMENT } from '../../api/strata-views.js';
import { alreadyExists, invalidParameter, notFound, StrataError } from '../errors.js';
import type { MetadataRepository } from '../ports/metadata-store.js';
import type { SavedView } from '../ports/saved-view-repository.js';
import { shortenForMessage } from '../shorten-for-message.js';
import { checkExperimentActive, requireExperiment } from './experiment-service.js';
import { type Actor, audited, displayName, type ServiceDeps } from './service-deps.js';

export interface CreateSavedViewInput {
  experimentId: string;
  name: string;
  state: string;
}

export interface UpdateSavedViewInput {
  viewId: string;
  name?: string;
  state?: string;
}

/** The name as stored: trimmed, 1 to 200 characters, no control characters. */
export function validateSavedViewName(name: string): string {
  const trimmed = name.trim();
  const length = [...trimmed].length;
  if (length === 0) throw invalidParameter('A saved view needs a name.');
  if (length > MAX_SAVED_VIEW_NAME_LENGTH) {
    throw invalidParameter(`A saved view's name has at most ${MAX_SAVED_VIEW_NAME_LENGTH} characters (got ${length}).`);
  }
  if (/\p{Cc}/u.test(trimmed)) throw invalidParameter('A saved view\'s name cannot hold control characters.');
  return trimmed;
}

export function validateSavedViewState(state: string): string {
  if (state.length > MAX_SAVED_VIEW_STATE_LENGTH) {
    throw invalidParameter(`A saved view's state has at most ${MAX_SAVED_VIEW_STATE_LENGTH} characters (got ${state.length}).`);
  }
  return state;
}

function duplicateName(name: string): StrataError {
  return alreadyExists(`A saved view named '${shortenForMessage(name)}' already exists in this experiment.`);
}

export function viewNotFound(viewId: string): StrataError {
  return notFound(`No saved view with id=${shortenForMessage(viewId)} exists`);
}

async function requireView(tx: MetadataRepository, viewId: string): Promise<SavedView> {
  const view = await tx.findSavedView(viewId);
  if (!view) throw viewNotFound(viewId);
  return view;
}

const uuidHex = (): string => globalThis.crypto.randomUUID().replaceAll('-', '');

export class SavedViewService {
  constructor(private readonly deps: ServiceDeps) {}

  async list(experimentId: string): Promise<SavedView[]> {
    await requireExperiment(this.deps.store, experimentId);
    return this.deps.store.listSavedViews(experimentId);
  }

  create(actor: Actor, input: CreateSavedViewInput): Promise<SavedView> {
    const name = validateSavedViewName(input.name);
    const state = validateSavedViewState(input.state);
    return audited(
      this.deps,
      async (tx, time) => {
        checkExperimentActive(await requireExperiment(tx, input.experimentId));
        if ((await tx.countSavedViews(input.experimentId)) >= MAX_SAVED_VIEWS_PER_EXPERIMENT) {
          throw new StrataError('INVALID_STATE', `An experiment holds at most ${MAX_SAVED_VIEWS_PER_EXPERIMENT} saved views; delete one first.`);
        }
        if (await tx.findSavedViewByName(input.experimentId, name)) throw duplicateName(name);
        const view: SavedView = { viewId: uuidHex(), experimentId: input.experimentId, name, state, createdBy: displayName(actor), createdTime: time, lastUpdateTime: time };
        await tx.insertSavedView(view);
        return view;
      },
      (view) => ({ actor, action: 'saved_view.create', entityType: 'saved_view', entityId: view.viewId, summary: { experiment_id: view.experimentId, name: view.name } }),
    );
  }

  update(actor: Actor, input: UpdateSavedViewInput): Promise<SavedView> {
    const name = input.name === undefined ? undefined : validateSavedViewName(input.name);
    const state = input.state === undefined ? undefined : validateSavedViewState(input.state);
    return audited(
      this.deps,
      async (tx, time) => {
        const before = await requireView(tx, input.viewId);
        checkExperimentActive(await requireExperiment(tx, before.experimentId));
        const holder = name === undefined ? undefined : await tx.findSavedViewByName(before.experimentId, name);
        if (holder && holder.viewId !== before.viewId) throw duplicateName(holder.name);
        await tx.updateSavedView(input.viewId, { ...(name === undefined ? {} : { name }), ...(state === undefined ? {} : { state }), lastUpdateTime: time });
        return { before, after: { ...before, name: name ?? before.name, state: state ?? before.state, lastUpdateTime: time } };
      },
      ({ before, after }) => ({
        actor,
        action: 'saved_view.update',
        entityType: 'saved_view',
        entityId: before.viewId,
        summary: { experiment_id: before.experimentId, name: after.name, ...(after.name === before.name ? {} : { from: before.name }), state_changed: state !== undefined && state !== before.state },
      }),
    ).then(({ after }) => after);
  }

  async delete(actor: Actor, viewId: string): Promise<void> {
    await audited(
      this.deps,
      async (tx) => {
        const view = await requireView(tx, viewId);
        if (!(await tx.deleteSavedView(viewId))) throw viewNotFound(viewId);
        return view;
      },
      (view) => ({ actor, action: 'saved_view.delete', entityType: 'saved_view', entityId: viewId, summary: { experiment_id: view.experimentId, name: view.name } }),
    );
  }
}
