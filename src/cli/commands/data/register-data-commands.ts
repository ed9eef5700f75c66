/** `strata data …`: dataset versioning (the engine is src/data). */
import type { Command } from 'commander';
import type { CliContext } from '../../cli-context.js';
import { registerDataAdd } from './add.js';
import { registerDataCheckout } from './checkout.js';
import { registerDataDiff } from './diff.js';
import { registerDataFetch } from './fetch.js';
import { registerDataGc } from './gc.js';
import { registerDataInit } from './init.js';
import { registerDataLs } from './ls.js';
import { registerDataPull } from './pull.js';
import { registerDataPush } from './push.js';
import { registerDataRegister } from './register.js';
import { registerDataRemoteAdd } from './remote/add.js';
import { registerDataRemoteDefault } from './remote/default.js';
import { registerDataRemoteList } from './remote/list.js';
import { registerDataRemoteRemove } from './remote/remove.js';
import { registerDataStatus } from './status.js';
import { registerDataUnprotect } from './unprotect.js';
import { registerDataVerify } from './verify.js';
import { registerDataVersions } from './versions.js';

export function registerDataCommands(program: Command, ctx: CliContext): void {
  const data = program.command('data').description('version datasets: pointer files in git, content in a BLAKE3 cache and remotes');
  const commands = [
    registerDataInit, registerDataAdd, registerDataStatus, registerDataDiff, registerDataCheckout,
    registerDataUnprotect, registerDataPush, registerDataPull, registerDataFetch, registerDataGc, registerDataVerify, registerDataLs,
    registerDataRegister, registerDataVersions,
  ];
  for (const register of commands) register(data, ctx);
  const remote = data.command('remote').description('add, remove, list remotes and choose the default');
  for (const register of [registerDataRemoteAdd, registerDataRemoteRemove, registerDataRemoteList, registerDataRemoteDefault]) register(remote, ctx);
}
