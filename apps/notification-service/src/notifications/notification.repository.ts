import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, type QueryFilter } from 'mongoose';
import { isDuplicateKeyError } from '@app/database';
import { Notification, type NotificationDocument, type NotificationState } from './schemas/notification.schema';

export interface NotificationKey {
  eventId: string;
  type: string;
  orderId: string;
  userId: string;
}

/** Either this delivery now owns the mail, or the state the record is in instead. */
export type Claim = { claimed: true } | { claimed: false; state: NotificationState };

export interface StoredNotification {
  eventId: string;
  type: string;
  state: NotificationState;
  attempts: number;
  messageId: string | null;
  lastError: string | null;
}

const reason = (text: string): string => text.slice(0, 500);

/** Notifications (collection `notifications`), one per event id. */
@Injectable()
export class NotificationRepository {
  constructor(@InjectModel(Notification.name) private readonly notifications: Model<NotificationDocument>) {}

  /**
   * Claims the event's mail for `leaseMs`: a new event, one whose last attempt failed, or one still `sending`
   * past its claim (its consumer died) — or at once with `takeOver` (the broker redelivered it because that
   * consumer's connection is gone). Sent and skipped events are never claimed again. Atomic: of two deliveries
   * of one event at the same moment, one claims it.
   */
  async claim(key: NotificationKey, leaseMs: number, takeOver: boolean, now = new Date()): Promise<Claim> {
    const claimedUntil = new Date(now.getTime() + leaseMs);
    try {
      await this.notifications.create({ ...key, state: 'sending', claimedUntil, attempts: 1 });
      return { claimed: true };
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
    const claimable: QueryFilter<NotificationDocument>[] = takeOver
      ? [{ state: 'failed' }, { state: 'sending' }]
      : [{ state: 'failed' }, { state: 'sending', claimedUntil: { $lt: now } }];
    const taken = await this.notifications
      .findOneAndUpdate(
        { eventId: key.eventId, $or: claimable },
        { $set: { state: 'sending', claimedUntil }, $inc: { attempts: 1 } },
        { returnDocument: 'after', projection: { _id: 1 } },
      )
      .lean()
      .exec();
    if (taken) return { claimed: true };
    const current = await this.find(key.eventId);
    // Gone between the two reads (removed by hand): the next delivery starts afresh.
    return { claimed: false, state: current?.state ?? 'failed' };
  }

  async markSent(eventId: string, messageId: string, now = new Date()): Promise<void> {
    await this.notifications.updateOne(
      { eventId },
      { $set: { state: 'sent', messageId, sentAt: now, claimedUntil: null, lastError: null } },
    );
  }

  async markSkipped(eventId: string, why: string): Promise<void> {
    await this.notifications.updateOne(
      { eventId },
      { $set: { state: 'skipped', claimedUntil: null, lastError: reason(why) } },
    );
  }

  /** Gives the claim back after a failed attempt, so the bus's next delivery can claim it at once. */
  async markFailed(eventId: string, why: string): Promise<void> {
    await this.notifications.updateOne(
      { eventId, state: 'sending' },
      { $set: { state: 'failed', claimedUntil: null, lastError: reason(why) } },
    );
  }

  find(eventId: string): Promise<StoredNotification | null> {
    return this.notifications
      .findOne({ eventId }, 'eventId type state attempts messageId lastError')
      .lean<StoredNotification>()
      .exec();
  }
}
