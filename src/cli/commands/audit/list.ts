import type { Command } from 'commander';
import type { AuditEventWire, ListAuditEventsRequest } from '../../../api/strata-v1.js';
import type { StrataClient } from '../../../client/strata-client.js';
import type { CliContext } from '../../cli-context.js';
import { formatTable } from '../../format-table.js';
import { formatTime, truncate } from '../../format-values.js';
import { parsePositiveInt } from '../../parse-options.js';
import { parseTimeFlag } from '../../parse-time.js';

/** The most events the server returns per page. */
const AUDIT_PAGE_SIZE = 1000;

interface Options {
  entityType?: string;
  entityId?: string;
  actor?: string;
  action?: string;
  since?: number;
  until?: number;
  maxResults: number;
  json?: boolean;
}

export function registerAuditList(parent: Command, ctx: CliContext): void {
  parent
    .command('list')
    .description('list audit events (who changed what, when), newest first')
    .option('--entity-type <type>', 'experiment, run, registered_model, model_version, dataset…')
    .option('--entity-id <id>', 'only events about this entity (an experiment or run id, a model name…)')
    .option('--actor <name>', 'only events by this user')
    .option('--action <action>', 'only this action, e.g. run.delete or registered_model.set_alias')
    .option('--since <time>', 'from this time on (ms since the epoch or ISO 8601, e.g. 2024-05-01T12:00:00Z; UTC without a zone)', parseTimeFlag)
    .option('--until <time>', 'before this time (same forms as --since)', parseTimeFlag)
    .option('--max-results <n>', 'at most this many events', (v) => parsePositiveInt(v, '--max-results'), 100)
    .option('--json', 'print the wire objects as JSON')
    .action(async (options: Options, command: Command) => {
      const events = await listEvents(ctx.client(command), options);
      if (options.json) return ctx.printJson(events);
      ctx.print(events.length === 0 ? 'no audit events' : formatTable(['TIME', 'ACTOR', 'ACTION', 'ENTITY', 'SUMMARY'], events.map(eventRow)));
    });
}

/** Pages through the audit log until `maxResults` events or the last page. */
async function listEvents(client: StrataClient, options: Options): Promise<AuditEventWire[]> {
  const filters: ListAuditEventsRequest = {
    ...(options.entityType !== undefined ? { entity_type: options.entityType } : {}),
    ...(options.entityId !== undefined ? { entity_id: options.entityId } : {}),
    ...(options.actor !== undefined ? { actor: options.actor } : {}),
    ...(options.action !== undefined ? { action: options.action } : {}),
    ...(options.since !== undefined ? { since: options.since } : {}),
    ...(options.until !== undefined ? { until: options.until } : {}),
  };
  const events: AuditEventWire[] = [];
  let page_token: string | undefined;
  do {
    const max_results = Math.min(options.maxResults - events.length, AUDIT_PAGE_SIZE);
    const page = await client.listAuditEvents({ ...filters, max_results, ...(page_token ? { page_token } : {}) });
    events.push(...page.events);
    page_token = page.next_page_token || undefined;
  } while (page_token !== undefined && events.length < options.maxResults);
  return events.slice(0, options.maxResults);
}

function eventRow(event: AuditEventWire): string[] {
  return [formatTime(event.time), actorText(event), event.action, `${event.entity_type} ${event.entity_id}`, formatSummary(event.summary)];
}

/** An unverified name is shown as what it is: `bob (claimed)`, not `bob`. */
function actorText(event: AuditEventWire): string {
  return event.actor_claimed === undefined ? event.actor : `${event.actor_claimed} (claimed)`;
}

/** `from=a, to=b`: the summary's fields on one line, long values cut. */
function formatSummary(summary: Record<string, unknown>): string {
  const fields = Object.entries(summary).map(([key, value]) => `${key}=${truncate(typeof value === 'string' ? value : JSON.stringify(value), 40)}`);
  return fields.length === 0 ? '-' : fields.join(', ');
}
