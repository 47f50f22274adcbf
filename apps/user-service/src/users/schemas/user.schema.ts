import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { HydratedDocument } from 'mongoose';
import { ROLES, Role } from '@app/auth';

/**
 * An account. The email is stored normalized (trimmed, lower-case) so uniqueness is case-insensitive.
 * tools/dev/seed.ts writes admins straight into this collection with email, passwordHash, displayName, roles,
 * active and the timestamps; every other field is optional so such documents work unchanged.
 */
@Schema({ collection: 'users', timestamps: true })
export class User {
  @Prop({ required: true, unique: true, trim: true, lowercase: true, maxlength: 254 })
  email: string;

  /** bcrypt hash; never returned by any endpoint or written to a log. */
  @Prop({ required: true, select: false })
  passwordHash: string;

  @Prop({ required: true, trim: true, maxlength: 100 })
  displayName: string;

  @Prop({ type: [String], enum: ROLES, default: ['customer'], index: true })
  roles: Role[];

  /** A disabled account cannot log in or refresh; its sessions are revoked when it is disabled. */
  @Prop({ default: true })
  active: boolean;

  /** Consecutive failed logins; reset by a successful one. */
  @Prop({ default: 0, select: false })
  failedLoginCount: number;

  /** Set when failedLoginCount reached the lockout threshold: logins fail until then. */
  @Prop({ type: Date, default: null, select: false })
  lockedUntil: Date | null;

  @Prop({ type: Date, default: null })
  passwordChangedAt: Date | null;

  @Prop({ type: Date, default: null })
  lastLoginAt: Date | null;

  createdAt: Date;
  updatedAt: Date;
}

export type UserDocument = HydratedDocument<User>;
export const UserSchema = SchemaFactory.createForClass(User);
// Admin listing: newest first.
UserSchema.index({ createdAt: -1, _id: -1 });
