/**
 * `strata models card models:/fraud@production|models:/fraud/7 [--format md|html|json]
 * [--template model-card|technical-documentation] [-o FILE]`: the version's model card (or
 * technical documentation) as the server assembles it, on standard output or into FILE.
 * Markdown is the default at a terminal; a stage or `latest` is resolved to its version first.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Option, type Command } from 'commander';
import { CARD_FORMATS, CARD_TEMPLATES, type CardFormat, type CardTemplate } from '../../../api/strata-cards.js';
import { createClient } from '../../../client/create-client.js';
import type { ModelCardOptions } from '../../../client/client-model-card.js';
import { resolveTrackingConfig } from '../../../client/tracking-uri.js';
import { UsageError, type CliContext } from '../../cli-context.js';
import { registryClient } from './registry-client.js';

interface Options {
  format: CardFormat;
  template: CardTemplate;
  output?: string;
}

const PREFIX = 'models:/';

/** `models:/NAME/7` or `models:/NAME@alias` as card options; a stage or `latest` asks the server which version. */
async function cardTarget(uri: string, resolve: (uri: string) => Promise<{ name: string; version: string }>): Promise<ModelCardOptions> {
  if (!uri.startsWith(PREFIX) || uri.startsWith('models://')) throw new UsageError(`expected models:/NAME/VERSION or models:/NAME@ALIAS, got '${uri}'`);
  const rest = uri.slice(PREFIX.length);
  const slash = rest.indexOf('/');
  if (slash === -1) {
    const at = rest.lastIndexOf('@');
    if (at <= 0 || at === rest.length - 1) throw new UsageError(`expected models:/NAME/VERSION or models:/NAME@ALIAS, got '${uri}'`);
    return { name: rest.slice(0, at), alias: rest.slice(at + 1) };
  }
  const suffix = rest.slice(slash + 1);
  if (/^\d+$/.test(suffix)) return { name: rest.slice(0, slash), version: suffix };
  const resolved = await resolve(uri);
  return { name: resolved.name, version: resolved.version };
}

export function registerModelsCard(parent: Command, ctx: CliContext): void {
  parent
    .command('card')
    .description("a model version's model card or technical documentation, from the registry, its run, gates, approvals and audit trail")
    .argument('<uri>', 'models:/NAME/VERSION or models:/NAME@ALIAS (a stage or latest is resolved first)')
    .addOption(new Option('--format <format>', 'md (Hugging Face style), html (one printable page) or json (Model Card Toolkit fields)').choices(CARD_FORMATS).default('md'))
    .addOption(new Option('--template <template>', 'model-card, or technical-documentation (regulators\' sections, completeness)').choices(CARD_TEMPLATES).default('model-card'))
    .option('-o, --output <file>', 'write the card to this file instead of standard output')
    .action(async (uri: string, options: Options, command: Command) => {
      const override = command.optsWithGlobals<{ trackingUri?: string }>().trackingUri;
      const client = createClient({ ...resolveTrackingConfig(ctx.env), ...(override ? { trackingUri: override } : {}), retry: { maxAttempts: 3, baseDelayMs: 200 } });
      const target = await cardTarget(uri, (text) => registryClient(ctx, command).resolveModelUri(text));
      const card = await client.models.card({ ...target, format: options.format, template: options.template });
      const text = typeof card === 'string' ? card : `${JSON.stringify(card, null, 2)}\n`;
      if (options.output === undefined) {
        ctx.io.stdout.write(text);
        return;
      }
      const file = path.resolve(ctx.cwd, options.output);
      await writeFile(file, text);
      ctx.print(`Wrote ${options.template} (${options.format}) of ${uri} to ${options.output}`);
    });
}
