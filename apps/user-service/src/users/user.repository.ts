import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, type QueryFilter } from 'mongoose';
import { type Role } from '@app/auth';
import { isDuplicateKeyError } from '@app/database';
import { type PageWindow } from '@app/pagination';
import { User, type UserDocument } from './schemas/user.schema';
import { type StoredContact } from './contact.view';
import { type StoredUser } from './user.view';

/** Fields safe to read for a view; hashes and lockout counters are excluded by the schema anyway. */
const VIEW_FIELDS = 'email displayName roles active lastLoginAt createdAt updatedAt';
const AFTER_AS_VIEW = { returnDocument: 'after', projection: VIEW_FIELDS } as const;

/** An account with what login needs to decide: the hash and the lockout. */
export interface UserCredentials extends StoredUser {
  passwordHash: string;
  lockedUntil?: Date | null;
  failedLoginCount?: number;
}

/** What a refresh needs to know about the account behind a session. */
export interface UserAccess {
  roles: Role[];
  active: boolean;
}

export interface NewUser {
  email: string;
  displayName: string;
  passwordHash: string;
  roles: Role[];
}

/** The admin list's filters: text in the email or display name, a role, the status. */
export interface UserSearch {
  q?: string;
  role?: Role;
  active?: boolean;
}

/** What an admin may change: the roles, the status (enabling also lifts a lockout). */
export interface AdminChanges {
  roles?: Role[];
  active?: boolean;
}

const escapeRegex = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The query for the admin list. The text is matched literally and case-insensitively; accounts written
 * without `active` (tools/dev/seed.ts) count as active.
 */
export function userSearchFilter({ q, role, active }: UserSearch): QueryFilter<UserDocument> {
  const filter: QueryFilter<UserDocument> = {};
  if (q) {
    const pattern = new RegExp(escapeRegex(q), 'i');
    filter.$or = [{ email: pattern }, { displayName: pattern }];
  }
  if (role) filter.roles = role;
  if (active !== undefined) filter.active = active ? { $ne: false } : false;
  return filter;
}

/** The `$set` of an admin change: the fields sent, and an unlock when the account is enabled. */
export function adminChangeSet({ roles, active }: AdminChanges): Record<string, unknown> {
  const set: Record<string, unknown> = {};
  if (roles) set.roles = roles;
  if (active !== undefined) set.active = active;
  if (active === true) Object.assign(set, { failedLoginCount: 0, lockedUntil: null });
  return set;
}

/** Accounts (collection `users`). Ids are 24-hex strings the callers have already checked. */
@Injectable()
export class UserRepository {
  constructor(@InjectModel(User.name) private readonly users: Model<UserDocument>) {}

  /** Waits for the indexes, so two replicas creating the same account clash on the unique email index. */
  async ensureIndexes(): Promise<void> {
    await this.users.init();
  }

  /** Inserts an active account; `null` when the email is taken (the unique index decides, race-free). */
  async createIfEmailFree(user: NewUser): Promise<StoredUser | null> {
    try {
      const created = await this.users.create({ ...user, active: true });
      return created.toObject();
    } catch (error) {
      if (isDuplicateKeyError(error)) return null;
      throw error;
    }
  }

  findView(id: string): Promise<StoredUser | null> {
    return this.users.findById(id, VIEW_FIELDS).lean<StoredUser>().exec();
  }

  /** The address and name of an account that is not disabled (`null` for an unknown or disabled one). */
  findActiveContact(id: string): Promise<StoredContact | null> {
    return this.users
      .findOne({ _id: id, active: { $ne: false } }, 'email displayName')
      .lean<StoredContact>()
      .exec();
  }

  findCredentialsByEmail(email: string): Promise<UserCredentials | null> {
    return this.users.findOne({ email }).select('+passwordHash +lockedUntil').lean<UserCredentials>().exec();
  }

  findCredentialsById(id: string): Promise<UserCredentials | null> {
    return this.users.findById(id).select('+passwordHash').lean<UserCredentials>().exec();
  }

  /** Whether an account holds this email (the bootstrap admin is created only when none does). */
  async emailTaken(email: string): Promise<boolean> {
    return (await this.users.exists({ email }).exec()) !== null;
  }

  findAccess(id: string): Promise<UserAccess | null> {
    return this.users.findById(id, 'roles active').lean<UserAccess>().exec();
  }

  /** Newest first. */
  async search(search: UserSearch, window: PageWindow): Promise<{ items: StoredUser[]; total: number }> {
    const filter = userSearchFilter(search);
    const [items, total] = await Promise.all([
      this.users
        .find(filter, VIEW_FIELDS)
        .sort({ createdAt: -1, _id: -1 })
        .skip(window.skip)
        .limit(window.pageSize)
        .lean<StoredUser[]>()
        .exec(),
      this.users.countDocuments(filter).exec(),
    ]);
    return { items, total };
  }

  /** Accounts that can still administer the shop. */
  countActiveAdmins(): Promise<number> {
    return this.users.countDocuments({ roles: 'admin', active: { $ne: false } }).exec();
  }

  /** Renames an account unless it is disabled (then `null`, as for an unknown id). */
  renameActive(id: string, displayName: string): Promise<StoredUser | null> {
    return this.users
      .findOneAndUpdate({ _id: id, active: { $ne: false } }, { $set: { displayName } }, AFTER_AS_VIEW)
      .lean<StoredUser>()
      .exec();
  }

  applyAdminChanges(id: string, changes: AdminChanges): Promise<StoredUser | null> {
    return this.users
      .findByIdAndUpdate(id, { $set: adminChangeSet(changes) }, AFTER_AS_VIEW)
      .lean<StoredUser>()
      .exec();
  }

  /** A new password set by its owner: also clears a lockout, since they just proved who they are. */
  async changePassword(id: string, passwordHash: string): Promise<void> {
    await this.users.updateOne(
      { _id: id },
      { $set: { passwordHash, passwordChangedAt: new Date(), failedLoginCount: 0, lockedUntil: null } },
    );
  }

  /** The same password, hashed again at the current cost. */
  async upgradePasswordHash(id: string, passwordHash: string): Promise<void> {
    await this.users.updateOne({ _id: id }, { $set: { passwordHash } });
  }

  /**
   * Locks the account until `lockedUntil` unless a lock is already running: of many failures arriving at
   * once exactly one starts (and reports) the lock (`true`).
   */
  async lockUnlessLocked(id: string, lockedUntil: Date): Promise<boolean> {
    const locked = await this.users.updateOne(
      { _id: id, $or: [{ lockedUntil: null }, { lockedUntil: { $lte: new Date() } }] },
      { $set: { lockedUntil } },
    );
    return locked.modifiedCount > 0;
  }

  /** When the account's lock ends (`null`: not locked), for the admin view. */
  async lockedUntil(id: string): Promise<Date | null> {
    const user = await this.users.findById(id, '+lockedUntil lockedUntil').lean<{ lockedUntil?: Date | null }>().exec();
    return user?.lockedUntil && user.lockedUntil > new Date() ? user.lockedUntil : null;
  }

  async recordSuccessfulLogin(id: string): Promise<void> {
    await this.users.updateOne(
      { _id: id },
      { $set: { failedLoginCount: 0, lockedUntil: null, lastLoginAt: new Date() } },
    );
  }
}
