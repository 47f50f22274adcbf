import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { HydratedDocument, Types } from 'mongoose';

export const REVOCATION_REASONS = [
  'logout',
  'reuse',
  'password-change',
  'account-disabled',
  'admin-password',
  'admin-role-removed',
] as const;
export type RevocationReason = (typeof REVOCATION_REASONS)[number];

/** How many rotated token hashes a session remembers to recognise a replayed token. */
export const REMEMBERED_ROTATIONS = 50;

/**
 * One login session, i.e. one refresh-token family. Only SHA-256 hashes of the opaque tokens are stored:
 * `tokenHash` is the one valid token, `rotatedTokenHashes` the ones already exchanged, kept to detect reuse.
 * Keeping the family in one document makes rotation a single atomic update, with no race between two
 * refreshes of the same token. The TTL index removes a session once its last token has expired.
 */
@Schema({ collection: 'refresh_sessions', timestamps: true })
export class RefreshSession {
  @Prop({ type: Types.ObjectId, required: true, index: true })
  userId: Types.ObjectId;

  @Prop({ required: true, unique: true })
  tokenHash: string;

  @Prop({ type: [String], default: [], index: true })
  rotatedTokenHashes: string[];

  @Prop({ required: true, expires: 0 })
  expiresAt: Date;

  /** The session ends then, however often it is refreshed (SESSION_ABSOLUTE_TTL_HOURS). */
  @Prop({ type: Date, default: null })
  absoluteExpiresAt: Date | null;

  @Prop({ default: 0 })
  rotations: number;

  @Prop({ type: Date, default: null })
  revokedAt: Date | null;

  @Prop({ type: String, enum: REVOCATION_REASONS, default: null })
  revokedReason: RevocationReason | null;

  createdAt: Date;
  updatedAt: Date;
}

export type RefreshSessionDocument = HydratedDocument<RefreshSession>;
export const RefreshSessionSchema = SchemaFactory.createForClass(RefreshSession);
