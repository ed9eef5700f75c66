/**
 * The identity repository on every MetadataStore (run by identity.test.ts): user names unique
 * (also when two creations race), updates, deletion taking memberships, tokens and sessions
 * along; groups and members; tokens found by hash, revoked once, touched coarsely; sessions;
 * the disabled flag; identity-provider links; OpenID Connect logins taken once.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, it } from 'node:test';
import { isStrataError } from '../core/errors.js';
import type { ApiToken, User } from '../core/ports/identity-repository.js';
import type { MetadataStore } from '../core/ports/metadata-store.js';
import { describeOrSkip } from '../../test/helpers/describe-or-skip.js';
import type { ContractOptions } from './metadata-store.contract.js';

let counter = 0;
const next = () => String((counter += 1)).padStart(6, '0');

export function runIdentityContract(name: string, makeStore: () => Promise<MetadataStore>, options: ContractOptions = {}): void {
  describeOrSkip(`Identity contract: ${name}`, options.skip, () => {
    let store: MetadataStore;
    beforeEach(async () => {
      store = await makeStore();
    });
    afterEach(async () => {
      await store.close();
    });

    const user = (overrides: Partial<User> = {}): User => {
      const id = next();
      return { userId: `u${id}`, username: `user-${id}`, passwordHash: '$argon2id$fake', isAdmin: false, isServiceAccount: false, createdTime: 10, lastUpdateTime: 10, ...overrides };
    };
    const token = (userId: string, overrides: Partial<ApiToken> = {}): ApiToken => {
      const id = next();
      return { tokenId: `t${id}`, tokenHash: `hash-${id}`, userId, name: `ci-${id}`, scope: 'write', createdTime: Number(id), ...overrides };
    };
    const isAlreadyExists = (error: unknown) => isStrataError(error) && error.code === 'RESOURCE_ALREADY_EXISTS';

    it('stores users, finds them by id and by name, and refuses a taken name, also when two creations race', async () => {
      const ada = user();
      const { passwordHash: _none, ...ci } = user({ isServiceAccount: true });
      await store.insertUser(ada);
      await store.insertUser(ci);
      assert.deepEqual(await store.findUser(ada.userId), ada);
      assert.deepEqual(await store.findUserByName(ci.username), ci);
      assert.equal(await store.findUserByName('nobody-here'), undefined);
      await assert.rejects(store.insertUser(user({ username: ada.username })), isAlreadyExists);
      const raced = user();
      const results = await Promise.allSettled([store.insertUser(raced), store.insertUser({ ...raced, userId: `${raced.userId}b` })]);
      assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
      assert.ok(results.some((r) => r.status === 'rejected' && isAlreadyExists(r.reason)));
      const names = (await store.listUsers()).map((u) => u.username);
      assert.deepEqual(names, [...names].sort());
      assert.ok((await store.countUsers()) >= 3);
    });

    it('takes a deleted user\'s or group\'s grants and rights with it, so a later one of the same name starts with none', async () => {
      const ada = user();
      const gid = next();
      await store.insertUser(ada);
      await store.insertGroup({ groupId: `g${gid}`, name: `team-${gid}`, createdTime: 5 });
      const resource = { type: 'experiment' as const, key: `exp-${gid}` };
      const holders = [{ type: 'user' as const, name: ada.username }, { type: 'group' as const, name: `team-${gid}` }];
      for (const grantee of holders) {
        await store.putGrant({ resource, grantee, role: 'editor', grantedBy: 'root', grantedTime: 1 });
        await store.setServerRight(grantee, 'auditor', true);
      }
      const survivor = { type: 'user' as const, name: `other-${gid}` };
      await store.putGrant({ resource, grantee: survivor, role: 'viewer', grantedBy: 'root', grantedTime: 1 });
      await store.transaction((tx) => tx.deleteUser(ada.userId));
      await store.deleteGroup(`g${gid}`);
      assert.deepEqual((await store.listGrants(resource)).map((g) => g.grantee), [survivor]);
      for (const grantee of holders) assert.equal(await store.hasServerRight([grantee], 'auditor'), false);
    });

    it('updates a password hash and the admin flag', async () => {
      const ada = user();
      await store.insertUser(ada);
      await store.updateUser(ada.userId, { passwordHash: '$argon2id$new', lastUpdateTime: 20 });
      await store.updateUser(ada.userId, { isAdmin: true, lastUpdateTime: 30 });
      assert.deepEqual(await store.findUser(ada.userId), { ...ada, passwordHash: '$argon2id$new', isAdmin: true, lastUpdateTime: 30 });
    });

    it('keeps groups and their members; deleting a user or a group removes the memberships', async () => {
      const ada = user();
      const bob = user();
      await store.insertUser(ada);
      await store.insertUser(bob);
      const gid = next();
      await store.insertGroup({ groupId: `g${gid}`, name: `team-${gid}`, createdTime: 5 });
      await assert.rejects(store.insertGroup({ groupId: `g${gid}x`, name: `team-${gid}`, createdTime: 5 }), isAlreadyExists);
      const group = await store.findGroupByName(`team-${gid}`);
      assert.deepEqual(group, { groupId: `g${gid}`, name: `team-${gid}`, createdTime: 5 });
      assert.equal(await store.addGroupMember(`g${gid}`, bob.userId), true);
      assert.equal(await store.addGroupMember(`g${gid}`, ada.userId), true);
      assert.equal(await store.addGroupMember(`g${gid}`, ada.userId), false);
      assert.deepEqual(await store.listGroupMembers(`g${gid}`), [ada.username, bob.username]);
      assert.deepEqual(await store.listUserGroups(ada.userId), [`team-${gid}`]);
      assert.equal(await store.removeGroupMember(`g${gid}`, bob.userId), true);
      assert.equal(await store.removeGroupMember(`g${gid}`, bob.userId), false);
      assert.equal(await store.deleteUser(ada.userId), true);
      assert.equal(await store.deleteUser(ada.userId), false);
      assert.deepEqual(await store.listGroupMembers(`g${gid}`), []);
      await store.addGroupMember(`g${gid}`, bob.userId);
      assert.equal(await store.deleteGroup(`g${gid}`), true);
      assert.deepEqual(await store.listUserGroups(bob.userId), []);
      assert.ok(!(await store.listGroups()).some((g) => g.groupId === `g${gid}`));
    });

    it('finds tokens by hash, lists them newest first, revokes once and records use coarsely', async () => {
      const ada = user();
      const bob = user();
      await store.insertUser(ada);
      await store.insertUser(bob);
      const first = token(ada.userId, { expiresTime: 1_000 });
      const second = token(ada.userId);
      const bobs = token(bob.userId, { scope: 'read' });
      for (const t of [first, second, bobs]) await store.insertToken(t);
      assert.deepEqual(await store.findTokenByHash(first.tokenHash), first);
      assert.deepEqual(await store.findToken(bobs.tokenId), bobs);
      assert.deepEqual((await store.listTokens(ada.userId)).map((t) => t.tokenId), [second.tokenId, first.tokenId]);
      const all = (await store.listTokens()).map((t) => t.tokenId);
      assert.ok([first, second, bobs].every((t) => all.includes(t.tokenId)));
      assert.equal(await store.revokeToken(first.tokenId, 50), true);
      assert.equal(await store.revokeToken(first.tokenId, 60), false);
      assert.equal((await store.findToken(first.tokenId))?.revokedTime, 50);
      await store.touchToken(second.tokenId, 100_000, 60_000);
      await store.touchToken(second.tokenId, 130_000, 60_000);
      assert.equal((await store.findToken(second.tokenId))?.lastUsedTime, 100_000);
      await store.touchToken(second.tokenId, 170_000, 60_000);
      assert.equal((await store.findToken(second.tokenId))?.lastUsedTime, 170_000);
      await store.deleteUser(ada.userId);
      assert.equal(await store.findTokenByHash(second.tokenHash), undefined);
    });

    it('keeps sessions until deleted or expired', async () => {
      const ada = user();
      await store.insertUser(ada);
      const live = { sessionHash: `s${next()}`, userId: ada.userId, createdTime: 1, expiresTime: 5_000 };
      const old = { sessionHash: `s${next()}`, userId: ada.userId, createdTime: 1, expiresTime: 2 };
      await store.insertSession(live);
      await store.insertSession(old);
      assert.deepEqual(await store.findSession(live.sessionHash), live);
      assert.ok((await store.deleteExpiredSessions(100)) >= 1);
      assert.equal(await store.findSession(old.sessionHash), undefined);
      assert.equal(await store.deleteSession(live.sessionHash), true);
      assert.equal(await store.deleteSession(live.sessionHash), false);
    });

    it('disables and enables a user', async () => {
      const ada = user();
      await store.insertUser(ada);
      await store.updateUser(ada.userId, { isDisabled: true, lastUpdateTime: 20 });
      assert.deepEqual(await store.findUser(ada.userId), { ...ada, isDisabled: true, lastUpdateTime: 20 });
      await store.updateUser(ada.userId, { isDisabled: false, lastUpdateTime: 30 });
      assert.equal((await store.findUserByName(ada.username))?.isDisabled, undefined);
    });

    it('links identity-provider accounts to users by (issuer, subject), once; deleting the user removes the links', async () => {
      const ada = user();
      await store.insertUser(ada);
      const link = { issuer: 'https://idp.example', subject: `sub-${next()}`, userId: ada.userId, createdTime: 5 };
      await store.insertUserIdentity(link);
      assert.deepEqual(await store.findUserIdentity(link.issuer, link.subject), link);
      assert.equal(await store.findUserIdentity('https://other.example', link.subject), undefined);
      await assert.rejects(store.insertUserIdentity({ ...link, createdTime: 6 }), isAlreadyExists);
      await store.touchUserIdentity(link.issuer, link.subject, 9);
      assert.deepEqual(await store.listUserIdentities(ada.userId), [{ ...link, lastLoginTime: 9 }]);
      await store.deleteUser(ada.userId);
      assert.equal(await store.findUserIdentity(link.issuer, link.subject), undefined);
    });

    it('gives a pending OpenID Connect login once, never after it expired, even to racing takers', async () => {
      const login = (expiresTime: number) => ({ stateHash: `state-${next()}`, codeVerifier: 'v', nonce: 'n', returnTo: '/x', createdTime: 1, expiresTime });
      const live = login(1_000);
      await store.insertOidcLogin(live);
      const taken = await Promise.all([store.takeOidcLogin(live.stateHash, 500), store.takeOidcLogin(live.stateHash, 500)]);
      assert.deepEqual(taken.filter((t) => t !== undefined), [live]);
      assert.equal(await store.takeOidcLogin(live.stateHash, 500), undefined);
      const expired = login(100);
      await store.insertOidcLogin(expired);
      assert.equal(await store.takeOidcLogin(expired.stateHash, 100), undefined);
      // A later login sweeps expired ones away.
      const stale = login(50);
      await store.insertOidcLogin(stale);
      await store.insertOidcLogin({ ...login(10_000), createdTime: 60 });
      assert.equal(await store.takeOidcLogin(stale.stateHash, 0), undefined);
    });
  });
}
