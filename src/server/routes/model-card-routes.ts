/**
 * `GET /api/strata/v1/models/card?name=&version=|alias=&format=&template=`: one service call,
 * then the card as JSON (the wire mapper), Markdown or HTML (core's renderers). A raw route
 * because two of its three answers are not JSON. Reading the model lets a caller see the card;
 * the source run (an experiment's) and registered datasets appear only to who may read them.
 */
import { CARD_CONTENT_TYPES, CARD_FORMATS, CARD_TEMPLATES, STRATA_CARD_ENDPOINTS } from '../../api/strata-cards.js';
import { STRATA_API_PREFIX } from '../../api/strata-v1.js';
import { renderCardHtml } from '../../core/cards/render-html.js';
import { renderCardMarkdown } from '../../core/cards/render-markdown.js';
import { invalidParameter } from '../../core/errors.js';
import type { ReadableSet } from '../../core/auth/authorization-service.js';
import type { CardVisibility, ModelCardService } from '../../core/services/model-card-service.js';
import { shortenForMessage } from '../../core/shorten-for-message.js';
import { queryFields } from '../artifacts/artifact-request.js';
import { OPEN_ACCESS, type RequestAccess } from '../auth/request-access.js';
import { CARD_PERMISSIONS } from '../auth/route-permissions.js';
import { modelCardToWire } from '../mappers/card-mapper.js';
import type { RawRoute } from './route-entry.js';

function choice<T extends string>(value: string | undefined, allowed: readonly T[], name: string): T {
  if (value === undefined || value === '') return allowed[0]!;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw invalidParameter(`Invalid ${name} '${shortenForMessage(value)}': expected one of ${allowed.join(', ')}.`);
}

/** Reading the model is what the route checks; the source run and registered datasets are shown only to who may read them. */
async function visibilityOf(access: RequestAccess): Promise<CardVisibility> {
  const [experiments, datasets] = await Promise.all([access.readable('experiment'), access.readable('dataset')]);
  const includes = (set: ReadableSet, key: string) => set.all || set.keys.includes(key);
  return { experiment: (id) => includes(experiments, id), dataset: (name) => includes(datasets, name) };
}

export function modelCardRoutes(cards: ModelCardService): RawRoute[] {
  const endpoint = STRATA_CARD_ENDPOINTS.modelCard;
  return [{
    kind: 'raw',
    name: 'modelCard',
    methods: endpoint.methods,
    urls: [`${STRATA_API_PREFIX}${endpoint.path}`],
    body: 'json',
    permission: CARD_PERMISSIONS.modelCard,
    handler: async (request, reply) => {
      const fields = queryFields(request);
      const format = choice(fields.string('format'), CARD_FORMATS, 'format');
      const template = choice(fields.string('template'), CARD_TEMPLATES, 'template');
      const card = await cards.card({
        name: fields.requiredString('name'),
        version: fields.int64('version'),
        alias: fields.string('alias'),
        template,
        visibility: await visibilityOf(request.access ?? OPEN_ACCESS),
      });
      void reply.type(CARD_CONTENT_TYPES[format]);
      if (format === 'md') return renderCardMarkdown(card);
      if (format === 'html') return renderCardHtml(card);
      return JSON.stringify(modelCardToWire(card));
    },
  }];
}
