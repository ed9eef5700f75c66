/**
 * Strata's own registry endpoints under /api/strata/v1 (see strata-v1.ts for the
 * conventions): model URI resolution and the alias/stage history.
 */
import type { PromotionJustificationWire } from './strata-promotions.js';

/** `GET /api/strata/v1/models/resolve?uri=models:/name@alias` */
export interface ResolveModelUriRequest {
  uri: string;
}

export interface ResolveModelUriResponse {
  name: string;
  version: string;
  /** The source the version was registered with (e.g. `runs:/<id>/model`). */
  source: string;
  /** Where its files are; downloads use this (see docs/decisions/0001). */
  storage_location: string;
  run_id?: string;
  current_stage: string;
}

export type RegistryHistoryKind = 'alias_set' | 'alias_moved' | 'alias_deleted' | 'stage_transition';

export interface RegistryHistoryEventWire {
  event_id: number;
  name: string;
  kind: RegistryHistoryKind;
  /** The version the alias points to after the event (alias_deleted: before), or the transitioned version. */
  version: string;
  alias?: string;
  stage?: string;
  previous_version?: string;
  previous_stage?: string;
  actor: string;
  /** Milliseconds since the epoch. */
  time: number;
  /** The promotion request that moved the alias (`/api/strata/v1/promotions/get?request_id=`). */
  request_id?: string;
  /** What justified a move made by a promotion (`strata promote`): commit, datasets, gates, approvers, reason. */
  justification?: PromotionJustificationWire;
}

/**
 * `GET /api/strata/v1/registered-models/alias-history?name=&alias=&at=`. Without `at`:
 * the timeline (one alias, or every alias event and stage transition of the model).
 * With `at` (ms since the epoch or ISO-8601; needs `alias`): which version held it then.
 */
export interface AliasHistoryRequest {
  name: string;
  alias?: string;
  at?: string | number;
}

export interface AliasTimelineResponse {
  events: RegistryHistoryEventWire[];
}

export interface AliasAtTimeResponse {
  name: string;
  alias: string;
  at: number;
  /** Absent when no version held the alias at that time. */
  version?: string;
  /** The event that put the alias where it was at `at`. */
  event?: RegistryHistoryEventWire;
}

export type AliasHistoryResponse = AliasTimelineResponse | AliasAtTimeResponse;

export const STRATA_REGISTRY_ENDPOINTS = {
  resolveModelUri: { methods: ['GET'], path: '/models/resolve' },
  aliasHistory: { methods: ['GET'], path: '/registered-models/alias-history' },
} as const;
