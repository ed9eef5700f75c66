import type { Command } from 'commander';
import type { CliContext } from '../../cli-context.js';
import type { XFrameOptions } from '../../../server/security-headers.js';
import { parseDefaultRole, type DefaultRole } from '../../../core/auth/authorization-service.js';
import { parsePort } from './parse-port.js';
import { parseCount, parseList, parseXFrameOption } from './parse-server-flags.js';
import { parseDuration } from '../../parse-duration.js';

interface Options {
  host?: string;
  port?: number;
  backendStoreUri?: string;
  artifactsDestination?: string;
  defaultArtifactRoot?: string;
  serveArtifacts?: boolean;
  allowedHosts?: string[];
  corsAllowedOrigins?: string[];
  xFrameOptions?: XFrameOptions;
  statementTimeout?: number;
  bodyIdleTimeout?: number;
  maxConnections?: number;
  webhookAllowedHosts?: string[];
  insecureNoAuth?: boolean;
  defaultPermission?: DefaultRole;
  auditKey?: string;
  auditCheckpointInterval?: number;
  publicUrl?: string;
  oidcIssuer?: string;
  oidcClientId?: string;
  oidcClientSecretFile?: string;
  oidcScopes?: string;
  oidcUsernameClaim?: string;
  oidcGroupsClaim?: string;
  oidcDisplayName?: string;
}

/** The flags under ServerConfig's names (durations are milliseconds there). */
function serverFlags({ statementTimeout, bodyIdleTimeout, auditKey, auditCheckpointInterval, ...rest }: Options) {
  return {
    ...rest, statementTimeoutMs: statementTimeout, bodyIdleTimeoutMs: bodyIdleTimeout, auditKeyFile: auditKey, auditCheckpointIntervalMs: auditCheckpointInterval,
  };
}

export function registerServerStart(program: Command, ctx: CliContext): void {
  program
    .command('server')
    .description("run the tracking server (MLflow's REST API and Strata's API; artifacts proxied unless --no-serve-artifacts)")
    .option('--host <host>', 'interface to listen on')
    .option('--port <port>', 'port to listen on (0 picks a free one)', parsePort)
    .option('--backend-store-uri <uri>', 'metadata database, e.g. sqlite:///strata.db or postgresql://…')
    .option('--artifacts-destination <uri>', 'where served artifacts are stored: a local path or s3://bucket/prefix (default ./strata-data/artifacts)')
    .option('--default-artifact-root <uri>', 'artifact location of new experiments (default mlflow-artifacts:/ when serving artifacts)')
    .option('--serve-artifacts', 'proxy artifact uploads and downloads through the server')
    .option('--no-serve-artifacts', 'let clients reach the artifact store directly')
    .option('--allowed-hosts <hosts>', 'Host headers to answer, comma-separated: name, name:port, *.domain, * (default: loopback names when bound to loopback, else any)', parseList)
    .option('--cors-allowed-origins <origins>', 'origins whose web pages may call the API, comma-separated (default none)', parseList)
    .option('--x-frame-options <value>', 'DENY, SAMEORIGIN or NONE (default DENY)', parseXFrameOption)
    .option('--statement-timeout <duration>', 'cancel PostgreSQL queries running longer, e.g. 30s, 2m; 0 = never (default 30s)', parseDuration)
    .option('--body-idle-timeout <duration>', 'close a request whose body sends nothing for this long, e.g. 30s; 0 = never (default 30s)', parseDuration)
    .option('--max-connections <n>', 'open connections at once; more are closed on arrival; 0 = no cap (default 1024)', parseCount)
    .option(
      '--webhook-allowed-hosts <list>',
      'comma-separated host names, IPs or CIDR ranges webhooks may reach although internal (loopback, private, link-local, metadata are refused by default)',
      parseList,
    )
    .option('--insecure-no-auth', 'listen beyond loopback although no user exists (no authentication until one is created)')
    .option('--default-permission <role>', 'with auth on, the role every signed-in user holds on everything: none, viewer, editor or manager (default viewer, as MLflow\'s READ)', parseDefaultRole)
    .option('--audit-key <file>', 'Ed25519 private key (PEM) signing audit checkpoints, created if missing; replicas share one (default ./strata-data/audit-signing-key.pem)')
    .option('--audit-checkpoint-interval <duration>', 'sign an audit checkpoint this often when there are new events, e.g. 60s; 0 = only on demand (default 60s)', parseDuration)
    .option('--public-url <url>', 'the address browsers reach this server at, e.g. https://mlops.example.com (OpenID Connect redirects to it)')
    .option('--oidc-issuer <url>', 'sign-in with OpenID Connect: the identity provider\'s issuer URL (needs --oidc-client-id and --public-url)')
    .option('--oidc-client-id <id>', 'this server\'s client id at the identity provider')
    .option('--oidc-client-secret-file <file>', 'file holding the client secret (or STRATA_OIDC_CLIENT_SECRET); none: a public client with PKCE')
    .option('--oidc-scopes <scopes>', 'scopes asked for, space-separated (default "openid profile email")')
    .option('--oidc-username-claim <claim>', 'claim naming the Strata user (default preferred_username, then email)')
    .option('--oidc-groups-claim <claim>', 'claim listing groups; memberships of existing Strata groups follow it (default groups)')
    .option('--oidc-display-name <name>', 'the sign-in button says "Sign in with <name>" (default "Single sign-on")')
    .action(async (options: Options) => {
      // Loaded on demand: the server stack (drivers, fastify) is not needed by client commands.
      const { resolveServerConfig, defaultArtifactRootOf, allowedHostsOf } = await import('../../../server/config.js');
      const { startServer, installShutdownHandlers } = await import('../../../server/main.js');
      const config = resolveServerConfig(serverFlags(options), ctx.env);
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
      for (const line of hostLines(allowedHostsOf(config), config.allowedHosts === undefined)) ctx.print(line);
      if (config.webhookAllowedHosts?.length) ctx.print(`  webhooks may also reach: ${config.webhookAllowedHosts.join(', ')}`);
      ctx.print(authLine(await server.identity.users.countUsers()));
      if (config.oidcIssuer !== undefined) ctx.print(`  single sign-on: ${config.oidcIssuer} (redirect URI ${config.publicUrl?.replace(/\/+$/, '')}/api/strata/v1/auth/oidc/callback)`);
      ctx.print('Press Ctrl+C to stop.');
      try {
        await stopped;
      } finally {
        uninstall();
      }
      ctx.print('server stopped');
    });
}

/** What start-up output says about authentication: on once a user exists, else open (loopback or --insecure-no-auth). */
export function authLine(userCount: number): string {
  if (userCount > 0) return `  auth: on (${userCount} user${userCount === 1 ? '' : 's'}; Basic, Bearer tokens, dashboard sign-in)`;
  return '  auth: off until the first user exists (strata users create --admin NAME, or STRATA_ADMIN_PASSWORD)';
}

/** What start-up output says about the Host allowlist, with a hint when any host is served by default. */
export function hostLines(allowedHosts: readonly string[], isDefault: boolean): string[] {
  if (!allowedHosts.includes('*')) return [`  allowed hosts: ${allowedHosts.join(', ')}`];
  if (!isDefault) return ['  allowed hosts: any'];
  return [
    '  allowed hosts: any (bound to a network interface). Against DNS rebinding, name the hosts',
    '    clients use: --allowed-hosts mlflow.example.com (or STRATA_ALLOWED_HOSTS).',
  ];
}

/** `postgresql://user:secret@host/db` → `postgresql://user:***@host/db`: start-up output lands in logs. */
export function withoutPassword(uri: string): string {
  return uri.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*):[^@/]*@/i, '$1:***@');
}
