/**
 * Users, service accounts and groups. Passwords are hashed before anything is stored and never
 * reach the audit log; every change is an audit event committed with it.
 */
import type { Principal } from '../auth/principal.js';
import { invalidParameter, notFound, StrataError } from '../errors.js';
import type { Group, User } from '../ports/identity-repository.js';
import type { MetadataRepository } from '../ports/metadata-store.js';
import { shortenForMessage } from '../shorten-for-message.js';
import { auditedBy, newIdentityId, type IdentityDeps, type IdentityEvent } from './identity-deps.js';
import { requireAdmin, requireAdminOrSelf } from './caller-checks.js';
import { validateGroupName, validatePassword, validateUsername } from './identity-validation.js';

export interface NewUserInput {
  username: string;
  /** Required for people; absent for a service account. */
  password?: string;
  isAdmin?: boolean;
  isServiceAccount?: boolean;
}

export interface GroupWithMembers extends Group {
  members: string[];
}

export const userNotFound = (username: string): StrataError => notFound(`User '${shortenForMessage(username)}' does not exist.`);
const groupNotFound = (name: string): StrataError => notFound(`Group '${shortenForMessage(name)}' does not exist.`);

export async function requireUser(repo: MetadataRepository, username: string): Promise<User> {
  const user = await repo.findUserByName(username);
  if (!user) throw userNotFound(username);
  return user;
}

async function requireGroup(repo: MetadataRepository, name: string): Promise<Group> {
  const group = await repo.findGroupByName(name);
  if (!group) throw groupNotFound(name);
  return group;
}

export class UserService {
  constructor(private readonly deps: IdentityDeps) {}

  private change<T>(caller: Principal, event: IdentityEvent, fn: (tx: MetadataRepository, time: number) => Promise<T>): Promise<T> {
    return auditedBy(this.deps, caller, fn, () => event);
  }

  async create(caller: Principal, input: NewUserInput): Promise<User> {
    requireAdmin(caller);
    return this.createUnchecked(caller, input);
  }

  /** create without the caller check: for the first admin (STRATA_ADMIN_PASSWORD, `strata users create` on the store). */
  async createUnchecked(caller: Principal, input: NewUserInput): Promise<User> {
    const username = validateUsername(input.username);
    const isServiceAccount = input.isServiceAccount === true;
    if (isServiceAccount && input.password !== undefined) throw invalidParameter('A service account has no password: it signs in with tokens.');
    if (!isServiceAccount && input.password === undefined) throw invalidParameter('A user needs a password (or create a service account).');
    const passwordHash = input.password === undefined ? undefined : await this.deps.crypto.hashPassword(validatePassword(input.password));
    const isAdmin = input.isAdmin === true;
    return this.change(caller, { action: 'user.create', entityType: 'user', entityId: username, summary: { is_admin: isAdmin, service_account: isServiceAccount } }, async (tx, time) => {
      const user: User = { userId: newIdentityId(), username, isAdmin, isServiceAccount, createdTime: time, lastUpdateTime: time };
      if (passwordHash !== undefined) user.passwordHash = passwordHash;
      await tx.insertUser(user);
      return user;
    });
  }

  async get(caller: Principal, username: string): Promise<User> {
    requireAdminOrSelf(caller, username, 'read');
    return requireUser(this.deps.store, username);
  }

  async list(caller: Principal): Promise<User[]> {
    requireAdmin(caller);
    return this.deps.store.listUsers();
  }

  countUsers(): Promise<number> {
    return this.deps.store.countUsers();
  }

  async updatePassword(caller: Principal, username: string, password: string): Promise<void> {
    requireAdminOrSelf(caller, username, 'write');
    const passwordHash = await this.deps.crypto.hashPassword(validatePassword(password));
    await this.change(caller, { action: 'user.update_password', entityType: 'user', entityId: username, summary: {} }, async (tx, time) => {
      const user = await requireUser(tx, username);
      if (user.isServiceAccount) throw invalidParameter('A service account has no password: it signs in with tokens.');
      await tx.updateUser(user.userId, { passwordHash, lastUpdateTime: time });
    });
  }

  async setAdmin(caller: Principal, username: string, isAdmin: boolean): Promise<void> {
    requireAdmin(caller);
    await this.change(caller, { action: 'user.update_admin', entityType: 'user', entityId: username, summary: { is_admin: isAdmin } }, async (tx, time) => {
      const user = await requireUser(tx, username);
      await tx.updateUser(user.userId, { isAdmin, lastUpdateTime: time });
    });
  }

  /** A disabled user keeps its account, grants and history, but every sign-in is refused (within a second everywhere). */
  async setDisabled(caller: Principal, username: string, isDisabled: boolean): Promise<void> {
    requireAdmin(caller);
    if (isDisabled && caller.kind === 'user' && caller.username === username) throw new StrataError('INVALID_STATE', 'An admin cannot disable itself; ask another admin.', 400);
    await this.change(caller, { action: 'user.update_disabled', entityType: 'user', entityId: username, summary: { disabled: isDisabled } }, async (tx, time) => {
      const user = await requireUser(tx, username);
      await tx.updateUser(user.userId, { isDisabled, lastUpdateTime: time });
    });
  }

  async delete(caller: Principal, username: string): Promise<void> {
    requireAdmin(caller);
    if (caller.kind === 'user' && caller.username === username) throw new StrataError('INVALID_STATE', 'An admin cannot delete itself; ask another admin.', 400);
    await this.change(caller, { action: 'user.delete', entityType: 'user', entityId: username, summary: {} }, async (tx) => {
      const user = await requireUser(tx, username);
      await tx.deleteUser(user.userId);
    });
  }

  async createGroup(caller: Principal, name: string): Promise<Group> {
    requireAdmin(caller);
    const valid = validateGroupName(name);
    return this.change(caller, { action: 'group.create', entityType: 'group', entityId: valid, summary: {} }, async (tx, time) => {
      const group: Group = { groupId: newIdentityId(), name: valid, createdTime: time };
      await tx.insertGroup(group);
      return group;
    });
  }

  async listGroups(caller: Principal): Promise<GroupWithMembers[]> {
    requireAdmin(caller);
    const groups = await this.deps.store.listGroups();
    return Promise.all(groups.map(async (group) => ({ ...group, members: await this.deps.store.listGroupMembers(group.groupId) })));
  }

  async deleteGroup(caller: Principal, name: string): Promise<void> {
    requireAdmin(caller);
    await this.change(caller, { action: 'group.delete', entityType: 'group', entityId: name, summary: {} }, async (tx) => {
      await tx.deleteGroup((await requireGroup(tx, name)).groupId);
    });
  }

  async addMember(caller: Principal, groupName: string, username: string): Promise<void> {
    requireAdmin(caller);
    await this.change(caller, { action: 'group.add_member', entityType: 'group', entityId: groupName, summary: { username } }, async (tx) => {
      const group = await requireGroup(tx, groupName);
      await tx.addGroupMember(group.groupId, (await requireUser(tx, username)).userId);
    });
  }

  async removeMember(caller: Principal, groupName: string, username: string): Promise<void> {
    requireAdmin(caller);
    await this.change(caller, { action: 'group.remove_member', entityType: 'group', entityId: groupName, summary: { username } }, async (tx) => {
      const group = await requireGroup(tx, groupName);
      if (!(await tx.removeGroupMember(group.groupId, (await requireUser(tx, username)).userId))) {
        throw notFound(`User '${shortenForMessage(username)}' is not a member of group '${shortenForMessage(groupName)}'.`);
      }
    });
  }
}
