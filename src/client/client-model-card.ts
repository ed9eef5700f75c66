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

const CARD_PATH = `${STRATA_API_PREFIX}${STRATA_CARD_ENDPOINTS.modelCard.path}`;

function cardQuery(options: ModelCardOptions & { format?: CardFormat }) {
  return { name: options.name, version: options.version, alias: options.alias, format: options.format ?? 'json', template: options.template };
}

/** Absolute URL of the card, so a page can link to the Markdown or HTML document without loading it. */
export function modelCardUrl(transport: HttpTransport, options: ModelCardOptions & { format?: CardFormat }): string {
  return `${transport.trackingUri}${CARD_PATH}?${toQueryString(cardQuery(options))}`;
}

export function modelCardCall(transport: HttpTransport): ModelCardFn {
  const path = CARD_PATH;
  const card = async (options: ModelCardOptions & { format?: CardFormat }): Promise<ModelCardWire | string> => {
    const query = cardQuery(options);
    const format = query.format;
    if (format === 'json') return (await transport.send({ method: 'GET', path, body: query, safety: 'idempotent' })) as ModelCardWire;
    const response = await transport.getRaw(`${path}?${toQueryString(query)}`);
    return response.text();
  };
  return card as ModelCardFn;
}
