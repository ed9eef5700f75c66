/** The deployments contract on every metadata database (test/helpers/test-dialects.ts). */
import { after } from 'node:test';
import { storeDialects } from '../../test/helpers/test-dialects.js';
import { runDeploymentsContract } from './deployments.contract.js';

const dialects = await storeDialects();
after(() => Promise.all(dialects.map((d) => d.drop())));

for (const dialect of dialects) runDeploymentsContract(dialect.name, () => dialect.openStore(), { skip: dialect.skip });
