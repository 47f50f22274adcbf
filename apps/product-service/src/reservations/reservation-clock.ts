import { Injectable } from '@nestjs/common';
import { ProductSettings } from '../product-settings';

/** Finished reservations and tombstones are kept long enough that any late duplicate is still recognised. */
export const FINISHED_RETENTION_MS = 30 * 24 * 3600 * 1000;

/** Timestamps of the reservation lifecycle, from the configured TTL. */
@Injectable()
export class ReservationClock {
  constructor(private readonly settings: ProductSettings) {}

  expiresAt(from = new Date()): Date {
    return new Date(from.getTime() + this.settings.reservationTtlSeconds * 1000);
  }

  /** Fields set when a reservation stops holding stock. */
  finished(now = new Date()): { releasedAt: Date; purgeAt: Date } {
    return { releasedAt: now, purgeAt: new Date(now.getTime() + FINISHED_RETENTION_MS) };
  }
}
