import type { Command } from 'commander';
import type { CliContext } from '../../cli-context.js';

interface Options {
  backendStoreUri?: string;
}

export function registerDbUpgrade(db: Command, ctx: CliContext): void {
  db.command('upgrade')
    .description('apply pending schema migrations to the metadata database')
    .option('--backend-store-uri <uri>', 'metadata database, e.g. sqlite:///strata.db or postgresql://…')
    .action(async (options: Options) => {
      // Loaded on demand so client-only commands never load database drivers.
      const { resolveServerConfig, experimentArtifactLocation } = await import('../../../server/config.js');
      const { createStore } = await import('../../../store/create-store.js');
      const config = resolveServerConfig(options, ctx.env);
      const store = await createStore(config.backendStoreUri, { defaultArtifactLocation: experimentArtifactLocation(config) });
      try {
        const applied = await store.migrate();
        ctx.print(applied.length === 0
          ? `${config.backendStoreUri} is up to date`
          : `applied ${applied.length} migration(s) to ${config.backendStoreUri}: ${applied.join(', ')}`);
      } finally {
        await store.close();
      }
    });
}
