/**
 * `strata permissions grant|revoke|list`: roles (viewer < editor < manager) on an experiment
 * (by id), a registered model or dataset (by name), or a webhook (by id), for a user or, with
 * --group, a group (admins only). Granting needs the manager role on the resource.
 */
import type { Command } from 'commander';
import type { PermissionPrincipalType, PermissionResourceType, PermissionRole } from '../../../api/strata-permissions.js';
import { UsageError, type CliContext } from '../../cli-context.js';
import { formatTable } from '../../format-table.js';
import { formatTime } from '../../format-values.js';

const RESOURCE_TYPES: readonly PermissionResourceType[] = ['experiment', 'model', 'dataset', 'webhook'];
const ROLES: readonly PermissionRole[] = ['viewer', 'editor', 'manager'];

function resourceType(value: string): PermissionResourceType {
  const type = RESOURCE_TYPES.find((candidate) => candidate === value);
  if (type === undefined) throw new UsageError(`unknown resource type '${value}': expected ${RESOURCE_TYPES.join(', ')}`);
  return type;
}

function role(value: string): PermissionRole {
  const found = ROLES.find((candidate) => candidate === value);
  if (found === undefined) throw new UsageError(`unknown role '${value}': expected ${ROLES.join(', ')}`);
  return found;
}

interface PrincipalOptions {
  group?: boolean;
  json?: boolean;
}

const principalType = (options: PrincipalOptions): PermissionPrincipalType => (options.group ? 'group' : 'user');

export function registerPermissionsCommands(program: Command, ctx: CliContext): void {
  const permissions = program.command('permissions').description('grant, revoke and list roles on experiments, models, datasets and webhooks');
  permissions
    .command('grant')
    .description('give a user (or --group) a role on a resource, replacing the role it had')
    .argument('<type>', RESOURCE_TYPES.join(' | '))
    .argument('<key>', 'experiment or webhook id, model or dataset name')
    .argument('<principal>', 'user name (group name with --group)')
    .argument('<role>', ROLES.join(' | '))
    .option('--group', 'the principal is a group (admins only)')
    .option('--json', 'print the grant as JSON')
    .action(async (type: string, key: string, principal: string, roleName: string, options: PrincipalOptions, command: Command) => {
      const grant = await ctx.client(command).permissions.grant({
        resource_type: resourceType(type),
        resource_key: key,
        principal_type: principalType(options),
        principal_name: principal,
        role: role(roleName),
      });
      if (options.json) return ctx.printJson(grant);
      ctx.print(`${grant.principal_type} ${grant.principal_name} is now ${grant.role} of ${grant.resource_type} ${grant.resource_key}`);
    });
  permissions
    .command('revoke')
    .description('take away what a user (or --group) was granted on a resource')
    .argument('<type>', RESOURCE_TYPES.join(' | '))
    .argument('<key>', 'experiment or webhook id, model or dataset name')
    .argument('<principal>', 'user name (group name with --group)')
    .option('--group', 'the principal is a group (admins only)')
    .action(async (type: string, key: string, principal: string, options: PrincipalOptions, command: Command) => {
      const revoked = await ctx.client(command).permissions.revoke({
        resource_type: resourceType(type),
        resource_key: key,
        principal_type: principalType(options),
        principal_name: principal,
      });
      ctx.print(revoked ? `revoked what ${principalType(options)} ${principal} held on ${type} ${key}` : `${principalType(options)} ${principal} held nothing on ${type} ${key}`);
    });
  permissions
    .command('list')
    .description('every grant on a resource (needs its manager role)')
    .argument('<type>', RESOURCE_TYPES.join(' | '))
    .argument('<key>', 'experiment or webhook id, model or dataset name')
    .option('--json', 'print the grants as JSON')
    .action(async (type: string, key: string, options: PrincipalOptions, command: Command) => {
      const grants = await ctx.client(command).permissions.list(resourceType(type), key);
      if (options.json) return ctx.printJson(grants);
      const rows = grants.map((g) => [g.principal_type, g.principal_name, g.role, g.granted_by, formatTime(g.granted_time)]);
      ctx.print(grants.length === 0 ? `no grants on ${type} ${key}` : formatTable(['TYPE', 'PRINCIPAL', 'ROLE', 'GRANTED BY', 'TIME'], rows));
    });
}
