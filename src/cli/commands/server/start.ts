import type { Command } from 'commander';
import type { CliContext } from '../../cli-context.js';
// Config parsing is small (no drivers, no fastify); only the server stack itself is loaded on demand.
import { defaultArtifactRootOf, parseHostList, resolveServerConfig } from '../../../server/config.js';
import { parsePort } from './parse-port.js';

interface Options {
  host?: string;
  port?: number;
  backendStoreUri?: string;
  artifactsDestination?: string;
  defaultArtifactRoot?: string;
  serveArtifacts?: boolean;
  webhookAllowedHosts?: string[];
}

export function registerServerStart(program: Command, ctx: CliContext): void {
  program
    .command('server')
    .description('run the tracking server (MLflow REST API, Strata API and dashboard)')
    .option('--host <host>', 'interface to listen on')
    .option('--port <port>', 'port to listen on (0 picks a free one)', parsePort)
    .option('--backend-store-uri <uri>', 'metadata database, e.g. sqlite:///strata.db or postgresql://…')
    .option('--artifacts-destination <uri>', 'where served artifacts are stored: a local path or s3://bucket/prefix (default ./strata-data/artifacts)')
    .option('--default-artifact-root <uri>', 'artifact location of new experiments (default mlflow-artifacts:/ when serving artifacts)')
    .option('--serve-artifacts', 'proxy artifact uploads and downloads through the server')
    .option('--no-serve-artifacts', 'let clients reach the artifact store directly')
    .option(
      '--webhook-allowed-hosts <list>',
      'comma-separated host names, IPs or CIDR ranges webhooks may reach although internal (loopback, private, link-local, metadata are refused by default)',
      parseHostList,
    )
    .action(async (options: Options) => {
      // Loaded on demand: the server stack (drivers, fastify) is not needed by client commands.
      const { startServer, installShutdownHandlers } = await import('../../../server/main.js');
      const config = resolveServerConfig(options, ctx.env);
      const server = await startServer(config);
      let uninstall = (): void => {};
      // Resolves once a signal has closed the server, so `strata server` returns only when it stops.
      const stopped = new Promise<void>((resolve, reject) => {
        uninstall = installShutdownHandlers(server, (error) => (error === undefined ? resolve() : reject(error)));
      });
      ctx.print(`Strata tracking server listening on ${server.url}`);
      ctx.print(`  metadata:  ${withoutPassword(config.backendStoreUri)}`);
      ctx.print(`  artifacts: ${config.artifactsDestination}${config.serveArtifacts ? ' (served by this server)' : ''}`);
      ctx.print(`  new experiments' artifact root: ${defaultArtifactRootOf(config)}`);
      if (config.webhookAllowedHosts?.length) ctx.print(`  webhooks may also reach: ${config.webhookAllowedHosts.join(', ')}`);
      ctx.print('Press Ctrl+C to stop.');
      try {
        await stopped;
      } finally {
        uninstall();
      }
      ctx.print('server stopped');
    });
}

/** `postgresql://user:secret@host/db` → `postgresql://user:***@host/db`: start-up output lands in logs. */
export function withoutPassword(uri: string): string {
  return uri.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*):[^@/]*@/i, '$1:***@');
}
