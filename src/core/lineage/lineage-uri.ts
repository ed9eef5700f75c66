/**
 * What a lineage query may start from: `models:/name/3` (or any model URI the registry
 * resolves), `runs:/<run_id>`, `dataset:<digest>` or `datasets:/<digest>`, `git:<commit>`.
 */
import { invalidParameter } from '../errors.js';
import { shortenForMessage } from '../shorten-for-message.js';

export type LineageStart =
  | { kind: 'model'; uri: string }
  | { kind: 'run'; runId: string }
  | { kind: 'dataset'; digest: string }
  | { kind: 'code'; commit: string };

function nonEmpty(value: string, uri: string): string {
  if (value === '') throw invalidParameter(`Invalid lineage URI '${shortenForMessage(uri)}': nothing after the scheme.`);
  return value;
}

export function parseLineageUri(uri: string): LineageStart {
  if (uri.startsWith('models:/')) return { kind: 'model', uri };
  if (uri.startsWith('runs:/')) return { kind: 'run', runId: nonEmpty(uri.slice('runs:/'.length).split('/')[0] ?? '', uri) };
  if (uri.startsWith('datasets:/')) return { kind: 'dataset', digest: nonEmpty(uri.slice('datasets:/'.length), uri) };
  if (uri.startsWith('dataset:')) return { kind: 'dataset', digest: nonEmpty(uri.slice('dataset:'.length), uri) };
  if (uri.startsWith('git:')) return { kind: 'code', commit: nonEmpty(uri.slice('git:'.length), uri) };
  throw invalidParameter(
    `Invalid lineage URI '${shortenForMessage(uri)}'. Expected models:/name/version, models:/name@alias, runs:/<run_id>, dataset:<digest> or git:<commit>.`,
  );
}
