import { PermanentEventError } from '@app/messaging';

/** An event this service cannot read (unknown version, malformed payload): no retry can help. */
export class UnreadableEventError extends PermanentEventError {
  readonly code = 'EVENT_UNREADABLE';

  constructor(eventId: string, why: string) {
    super(`event ${eventId} cannot be mailed: ${why}`);
  }
}

/** Another consumer holds a live claim on this event's mail: let the bus deliver it again later. */
export class NotificationInProgressError extends Error {
  readonly code = 'NOTIFICATION_IN_PROGRESS';
  override readonly name = 'NotificationInProgressError';

  constructor(eventId: string) {
    super(`the mail for event ${eventId} is being sent by another consumer`);
  }
}
