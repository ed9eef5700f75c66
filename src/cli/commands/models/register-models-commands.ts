/** `strata models …`: the model registry from the command line. */
import type { Command } from 'commander';
import type { CliContext } from '../../cli-context.js';
import { registerModelsAliasDelete } from './alias/delete.js';
import { registerModelsAliasSet } from './alias/set.js';
import { registerModelsArchive } from './archive.js';
import { registerModelsBuildDocker } from './build-docker.js';
import { registerModelsCard } from './card.js';
import { registerModelsCreate } from './create.js';
import { registerModelsDelete } from './delete.js';
import { registerModelsHistory } from './history.js';
import { registerModelsList } from './list.js';
import { registerModelsRegister } from './register.js';
import { registerModelsResolve } from './resolve.js';
import { registerModelsShow } from './show.js';
import { registerModelsVersions } from './versions.js';
import { registerModelsPolicyCommands } from './policy/register-policy-commands.js';

export function registerModelsCommands(program: Command, ctx: CliContext): void {
  const models = program.command('models').description('registered models, versions, aliases and their history');
  const commands = [
    registerModelsList, registerModelsShow, registerModelsCreate, registerModelsVersions, registerModelsRegister,
    registerModelsResolve, registerModelsHistory, registerModelsArchive, registerModelsDelete, registerModelsCard, registerModelsBuildDocker,
  ];
  for (const register of commands) register(models, ctx);
  const alias = models.command('alias').description('set or delete an alias');
  registerModelsAliasSet(alias, ctx);
  registerModelsAliasDelete(alias, ctx);
  registerModelsPolicyCommands(models, ctx);
}
