/** The shape of a route: read fields, call one service method, map the result. */
import type { Principal } from '../../core/auth/principal.js';
import type { Actor } from '../../core/entities.js';
import type { RequestAccess } from '../auth/request-access.js';
import type { RequestFields } from '../request-fields.js';

export interface ApiContext {
  fields: RequestFields;
  /** Who is calling, as authentication established it. */
  principal: Principal;
  /** The same caller as the audit log records it (actorOf(principal)). */
  actor: Actor;
  /** What the principal may read (for filtered lists) and the creator's grant; everything when auth is off. */
  access: RequestAccess;
  /** Aborted when the client goes away before its answer is sent: long reads pass it to the store. */
  readonly signal: AbortSignal;
}

/** A response body already written as JSON text (large responses build it directly), or as its UTF-8 bytes. */
export class JsonText {
  constructor(readonly text: string | Uint8Array) {}
}

export type ApiHandler = (ctx: ApiContext) => Promise<object | JsonText>;

/** What MLflow answers for operations that return nothing. */
export const EMPTY = Object.freeze({});
