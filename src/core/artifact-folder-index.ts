/**
 * The artifact folders of live things (experiments, runs, registered model versions), to ask
 * "does this folder equal, contain or lie inside anyone else's?" by key rather than by
 * spelling. Used by gc before it deletes a folder and by experiment creation before it hands
 * one out. Lookups cost the key's depth plus the matches: ancestors are found by map lookups,
 * descendants in one range of the sorted keys (texts sharing a prefix sort together).
 */
import { folderKey, folderKeysOf, type FolderKey, type FolderRelation } from './artifact-folder-key.js';

export interface FolderOwner {
  /** `pending_deletion`: a purged run's or experiment's folder that gc has yet to delete. */
  kind: 'experiment' | 'run' | 'model_version' | 'pending_deletion';
  /** The experiment or run id (of a pending deletion: its former owner's); for a model version, its location. */
  id: string;
  /** A run's experiment. */
  experimentId?: string;
  location: string;
}

export interface FolderOverlap {
  /** The folder asked about (one of the keys given to findOverlap). */
  key: FolderKey;
  owner: FolderOwner;
  /** The owner's folder. */
  ownerKey: FolderKey;
  /** How the folder asked about stands to the owner's: inside it, equal to it, or containing it. */
  relation: FolderRelation;
}

export class ArtifactFolderIndex {
  private readonly byKey = new Map<string, { key: FolderKey; owners: FolderOwner[] }>();
  private sortedKeys: string[] | undefined;

  /** `destination`: the server's artifact store, so its own spellings map to `store:` keys. */
  constructor(private readonly destination?: string) {}

  add(owner: FolderOwner): this {
    for (const key of folderKeysOf(owner.location, this.destination)) this.addKey(key, owner);
    return this;
  }

  addKey(key: FolderKey, owner: FolderOwner): this {
    const entry = this.byKey.get(key.text);
    if (entry) entry.owners.push(owner);
    else this.byKey.set(key.text, { key, owners: [owner] });
    this.sortedKeys = undefined;
    return this;
  }

  /** The first owner whose folder overlaps one of `keys`, skipping those `excused` says may. */
  findOverlap(keys: readonly FolderKey[], excused: (overlap: FolderOverlap) => boolean = () => false): FolderOverlap | undefined {
    for (const key of keys) {
      for (const overlap of this.overlapsOf(key)) if (!excused(overlap)) return overlap;
    }
    return undefined;
  }

  private *overlapsOf(key: FolderKey): Generator<FolderOverlap> {
    for (let depth = 0; depth <= key.segments.length; depth++) {
      const entry = this.byKey.get(folderKey(key.root, key.segments.slice(0, depth)).text);
      const relation = depth === key.segments.length ? 'equal' : 'inside';
      for (const owner of entry?.owners ?? []) yield { key, owner, ownerKey: entry!.key, relation };
    }
    const prefix = `${key.text}/`;
    const sorted = this.sorted();
    for (let i = lowerBound(sorted, prefix); i < sorted.length && sorted[i]!.startsWith(prefix); i++) {
      const entry = this.byKey.get(sorted[i]!)!;
      for (const owner of entry.owners) yield { key, owner, ownerKey: entry.key, relation: 'contains' };
    }
  }

  private sorted(): string[] {
    this.sortedKeys ??= [...this.byKey.keys()].sort();
    return this.sortedKeys;
  }
}

/** "lies inside experiment 1's folder (mlflow-artifacts:/1)", for messages and gc's reasons. */
export function describeOverlap({ owner, relation }: FolderOverlap): string {
  const verb = relation === 'equal' ? 'is' : relation === 'inside' ? 'lies inside' : 'contains';
  return `${verb} the folder of ${ownerName(owner)} (${owner.location})`;
}

function ownerName(owner: FolderOwner): string {
  if (owner.kind === 'model_version') return 'a registered model version';
  if (owner.kind === 'pending_deletion') return `removed ${owner.id}, which gc has yet to delete`;
  return `${owner.kind} ${owner.id}`;
}

function lowerBound(sorted: readonly string[], value: string): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (sorted[mid]! < value) low = mid + 1;
    else high = mid;
  }
  return low;
}
