/**
 * `dataset:3cfae5049db8` — the 12 characters `strata data versions` prints — names the one
 * logged digest that starts with it, as git takes a unique prefix of a commit hash.
 */
import { invalidParameter, notFound } from '../errors.js';
import type { LineageRepository } from '../ports/lineage-repository.js';
import type { TrackingRepository } from '../ports/metadata-store.js';

/** Shorter prefixes match too much to be worth a lookup, as in git. */
export const MIN_DIGEST_PREFIX_LENGTH = 4;
const MAX_LISTED_CANDIDATES = 10;

export type DigestLookup = Pick<LineageRepository, 'findDatasetDigestsByPrefix'> & Pick<TrackingRepository, 'findDatasetsByDigest'>;

/** The full digest: `digest` itself when a run logged it, else the only logged digest it is a prefix of. */
export async function resolveDatasetDigest(store: DigestLookup, digest: string): Promise<string> {
  if ((await store.findDatasetsByDigest(digest)).length > 0) return digest;
  const candidates = digest.length >= MIN_DIGEST_PREFIX_LENGTH
    ? await store.findDatasetDigestsByPrefix(digest, MAX_LISTED_CANDIDATES + 1)
    : [];
  if (candidates.length === 1) return candidates[0]!;
  if (candidates.length === 0) throw notFound(`No dataset with digest ${digest} was logged as a run input.`);
  const listed = candidates.slice(0, MAX_LISTED_CANDIDATES).join(', ');
  const more = candidates.length > MAX_LISTED_CANDIDATES ? ', …' : '';
  throw invalidParameter(`Dataset digest prefix '${digest}' is ambiguous: it starts ${listed}${more}. Give more characters.`);
}
