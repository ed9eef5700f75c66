/**
 * Turns a route's ResourceLocator and a request into AccessTargets. Lenient on purpose: a field
 * that is missing or malformed locates nothing, and the handler then refuses the request with
 * its own INVALID_PARAMETER_VALUE, exactly as without authorization.
 */
import type { FastifyRequest } from 'fastify';
import type { AccessTarget } from '../../core/auth/access-target.js';
import { normalizeArtifactPath } from '../../core/artifact-path.js';
import { isRunsUri, parseModelUri, parseRunsUri } from '../../core/model-uri.js';
import { RequestFields } from '../request-fields.js';
import type { ResourcePermission } from './route-permission.js';

type Source = Record<string, unknown>;

/** The request's fields as the API adapter reads them: query for GET (and streamed bodies), else the JSON body; path parameters win. */
export function requestFields(request: FastifyRequest): RequestFields {
  const body = request.body;
  const fromQuery = request.method === 'GET' || request.method === 'HEAD' || body === undefined || body === null || typeof body !== 'object' || Buffer.isBuffer(body);
  const source = ((fromQuery ? request.query : body) ?? {}) as Source;
  const params = (request.params ?? {}) as Source;
  return new RequestFields({ ...source, ...params }, fromQuery);
}

function lenient<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}

const nonEmpty = (values: Array<string | undefined>): string[] => values.filter((v): v is string => v !== undefined && v !== '');


/** `resource_type` and `resource_key` (the permissions API): one target, or none when either is unusable. */
export function locateNamedResource(request: FastifyRequest): AccessTarget[] {
  const fields = requestFields(request);
  const type = lenient(() => fields.string('resource_type'));
  const key = lenient(() => fields.string('resource_key'));
  if (key === undefined || key === '') return [];
  switch (type) {
    case 'experiment':
      return [{ kind: 'experiment', id: key }];
    case 'model':
      return [{ kind: 'model', name: key }];
    case 'dataset':
      return [{ kind: 'dataset', name: key }];
    case 'webhook':
      return [{ kind: 'webhook', id: key }];
    default:
      return [];
  }
}

export function locateTargets(permission: ResourcePermission, request: FastifyRequest): AccessTarget[] {
  const fields = requestFields(request);
  const keyed = (key: string): AccessTarget => {
    switch (permission.kind) {
      case 'experiment':
        return { kind: 'experiment', id: key };
      case 'model':
        return { kind: 'model', name: key };
      case 'dataset':
        return { kind: 'dataset', name: key };
      case 'webhook':
        return { kind: 'webhook', id: key };
    }
  };
  const locate = permission.locate;
  switch (locate.by) {
    case 'key':
      return nonEmpty([lenient(() => fields.string(locate.field))]).map(keyed);
    case 'keys':
      return nonEmpty(lenient(() => fields.stringList(locate.field)) ?? []).map(keyed);
    case 'experiment-name':
      return nonEmpty([lenient(() => fields.string(locate.field))]).map((name) => ({ kind: 'experiment-name', name }));
    case 'run':
      return nonEmpty([lenient(() => fields.runId())]).map((runId) => ({ kind: 'run', runId }));
    case 'runs':
      return nonEmpty(lenient(() => fields.stringList(locate.field)) ?? []).map((runId) => ({ kind: 'run', runId }));
    case 'series': {
      const series = lenient(() => (fields.raw(locate.field) === undefined ? [] : fields.objectList(locate.field))) ?? [];
      const ids = series.map((item) => (typeof item.run_id === 'string' ? item.run_id : undefined));
      return nonEmpty([...ids, lenient(() => fields.string('run_id'))]).map((runId) => ({ kind: 'run', runId }));
    }
    case 'view':
      return nonEmpty([lenient(() => fields.string(locate.field))]).map((viewId) => ({ kind: 'view', viewId }));
    case 'runs-uri': {
      const uri = lenient(() => fields.string(locate.field));
      const parsed = uri !== undefined && isRunsUri(uri) ? lenient(() => parseRunsUri(uri)) : undefined;
      return parsed === undefined ? [] : [{ kind: 'run', runId: parsed.runId }];
    }
    case 'model-uri': {
      const uri = lenient(() => fields.string(locate.field));
      const parsed = uri === undefined ? undefined : lenient(() => parseModelUri(uri));
      return parsed === undefined ? [] : [keyed(parsed.name)];
    }
    case 'artifact-path': {
      const raw = locate.field === undefined ? (request.params as Source)['*'] : lenient(() => fields.string(locate.field ?? ''));
      const path = typeof raw === 'string' ? lenient(() => normalizeArtifactPath(raw)) : '';
      // A path refused as unsafe is refused by the route with 400; locate it as the root (admins only).
      const normalized = path ?? '';
      const experimentId = normalized.split('/')[0] ?? '';
      return [{ kind: 'artifact', experimentId, path: typeof raw === 'string' ? raw : '' }];
    }
  }
}
