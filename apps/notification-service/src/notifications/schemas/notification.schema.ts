import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { HydratedDocument } from 'mongoose';

/**
 * sending: claimed by a consumer that is mailing it now (until `claimedUntil`); failed: the last attempt
 * failed and the bus will deliver the event again; sent: mailed, never again; skipped: nobody to mail (the
 * shopper is gone or disabled), never retried.
 */
export const NOTIFICATION_STATES = ['sending', 'failed', 'sent', 'skipped'] as const;
export type NotificationState = (typeof NOTIFICATION_STATES)[number];

/** Kept this long, far beyond any redelivery or republication of the same event. */
export const NOTIFICATION_RETENTION_SECONDS = 180 * 24 * 3600;

/** One mail for one event: the record that makes mailing idempotent by event id. */
@Schema({ collection: 'notifications', timestamps: true })
export class Notification {
  /** The event's envelope id: one notification per event, enforced by the unique index. */
  @Prop({ required: true, unique: true, maxlength: 200 })
  eventId: string;

  @Prop({ required: true })
  type: string;

  @Prop({ required: true })
  orderId: string;

  @Prop({ required: true })
  userId: string;

  @Prop({ type: String, required: true, enum: NOTIFICATION_STATES })
  state: NotificationState;

  /** While `sending`: until when the claim holds; after it, another delivery may take the work over. */
  @Prop({ type: Date, default: null })
  claimedUntil: Date | null;

  /** Attempts to mail it, across deliveries. */
  @Prop({ default: 0 })
  attempts: number;

  /** The Message-ID the mail went out with (SES's own with SES). */
  @Prop({ type: String, default: null })
  messageId: string | null;

  @Prop({ type: Date, default: null })
  sentAt: Date | null;

  /** Why the last attempt failed or why it was skipped; never a secret or an address. */
  @Prop({ type: String, default: null, maxlength: 500 })
  lastError: string | null;

  createdAt: Date;
  updatedAt: Date;
}

export type NotificationDocument = HydratedDocument<Notification>;
export const NotificationSchema = SchemaFactory.createForClass(Notification);
NotificationSchema.index({ createdAt: 1 }, { expireAfterSeconds: NOTIFICATION_RETENTION_SECONDS });
