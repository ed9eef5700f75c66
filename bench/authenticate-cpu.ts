// CPU per call of the authenticator on its warm path (what every request pays once the
// credentials are cached): HTTP Basic and a Bearer token, against an in-memory SQLite store.
// Load-independent enough to compare with the per-request CPU of bench/request-cpu.ts.
//   node --import tsx bench/authenticate-cpu.ts [CALLS=200000]
import type { FastifyRequest } from 'fastify';
import { systemClock } from '../src/core/ports/clock.js';
import { createIdentity } from '../src/server/auth/wire-identity.js';
import { openStore } from '../src/store/create-store.js';

const calls = Number(process.argv[2] ?? 200_000);
const store = await openStore('sqlite:///:memory:', { defaultArtifactLocation: (id) => `mlflow-artifacts:/${id}` });
const identity = createIdentity(store, systemClock);
const admin = { kind: 'open', claimed: 'bench' } as const;
await identity.users.createUnchecked(admin, { username: 'admin', password: 'bench-password', isAdmin: true });
const user = await store.findUserByName('admin');
const { secret } = await identity.tokens.create({ kind: 'user', userId: user!.userId, username: 'admin', admin: true, serviceAccount: false, groups: [], via: 'password' }, { name: 'bench', scope: 'write' });

const request = (authorization: string) =>
  ({ headers: { authorization }, url: '/api/2.0/mlflow/runs/search', method: 'POST', ip: '127.0.0.1', routeOptions: { config: { inRouteTable: true } } }) as unknown as FastifyRequest;

for (const [name, authorization] of [
  ['Basic (cached)', `Basic ${Buffer.from('admin:bench-password').toString('base64')}`],
  ['Bearer token', `Bearer ${secret}`],
] as const) {
  const req = request(authorization);
  await identity.authenticator.authenticate(req);
  const cpu = process.cpuUsage();
  const start = performance.now();
  for (let i = 0; i < calls; i++) await identity.authenticator.authenticate(req);
  const wall = performance.now() - start;
  const used = process.cpuUsage(cpu);
  console.log(`${name.padEnd(15)} ${((used.user + used.system) / calls).toFixed(2)} µs CPU per call (${(wall * 1000 / calls).toFixed(2)} µs wall), ${calls} calls`);
}
await store.close();
