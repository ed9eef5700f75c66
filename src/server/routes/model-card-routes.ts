/**
 * `GET /api/strata/v1/models/card?name=&version=|alias=&format=&template=`: one service call,
 * then the card as JSON (the wire mapper), Markdown or HTML (core's renderers). A raw route
 * because two of its three answers are not JSON.
 */
import { CARD_CONTENT_TYPES, CARD_FORMATS, CARD_TEMPLATES, STRATA_CARD_ENDPOINTS } from '../../api/strata-cards.js';
import { STRATA_API_PREFIX } from '../../api/strata-v1.js';
import { renderCardHtml } from '../../core/cards/render-html.js';
import { renderCardMarkdown } from '../../core/cards/render-markdown.js';
import { invalidParameter } from '../../core/errors.js';
import type { ModelCardService } from '../../core/services/model-card-service.js';
import { shortenForMessage } from '../../core/shorten-for-message.js';
import { queryFields } from '../artifacts/artifact-request.js';
import { CARD_PERMISSIONS } from '../auth/route-permissions.js';
import { modelCardToWire } from '../mappers/card-mapper.js';
import type { RawRoute } from './route-entry.js';

function choice<T extends string>(value: string | undefined, allowed: readonly T[], name: string): T {
  if (value === undefined || value === '') return allowed[0]!;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw invalidParameter(`Invalid ${name} '${shortenForMessage(value)}': expected one of ${allowed.join(', ')}.`);
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
      });
      void reply.type(CARD_CONTENT_TYPES[format]);
      if (format === 'md') return renderCardMarkdown(card);
      if (format === 'html') return renderCardHtml(card);
      return JSON.stringify(modelCardToWire(card));
    },
  }];
}
