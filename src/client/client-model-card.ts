/**
 * `client.models.card(…)`: a version's model card or technical documentation. JSON answers the
 * typed ModelCardWire; Markdown and HTML answer the document's text, ready to write to a file.
 */
import { STRATA_CARD_ENDPOINTS, type CardFormat, type CardTemplate, type ModelCardWire } from '../api/strata-cards.js';
import { STRATA_API_PREFIX } from '../api/strata-v1.js';
import { type HttpTransport, toQueryString } from './http-transport.js';

interface CardTarget {
  name: string;
  template?: CardTemplate;
}

/** Exactly one of `version` and `alias`. */
export type ModelCardOptions = CardTarget & ({ version: number | string; alias?: never } | { alias: string; version?: never });

export interface ModelCardFn {
  (options: ModelCardOptions & { format?: 'json' }): Promise<ModelCardWire>;
  (options: ModelCardOptions & { format: Exclude<CardFormat, 'json'> }): Promise<string>;
  (options: ModelCardOptions & { format?: CardFormat }): Promise<ModelCardWire | string>;
}

export function modelCardCall(transport: HttpTransport): ModelCardFn {
  const path = `${STRATA_API_PREFIX}${STRATA_CARD_ENDPOINTS.modelCard.path}`;
  const card = async (options: ModelCardOptions & { format?: CardFormat }): Promise<ModelCardWire | string> => {
    const format = options.format ?? 'json';
    const query = { name: options.name, version: options.version, alias: options.alias, format, template: options.template };
    if (format === 'json') return (await transport.send({ method: 'GET', path, body: query, safety: 'idempotent' })) as ModelCardWire;
    const response = await transport.getRaw(`${path}?${toQueryString(query)}`);
    return response.text();
  };
  return card as ModelCardFn;
}
