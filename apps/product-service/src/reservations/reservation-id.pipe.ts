import { Injectable, type PipeTransform } from '@nestjs/common';
import { ValidationFailedError } from '@app/errors';
import { RESERVATION_ID_PATTERN } from './dto/create-reservation.dto';

/** Reservation ids in paths follow the same rule as in bodies: 1-64 letters, digits, _ or -. */
@Injectable()
export class ReservationIdPipe implements PipeTransform<unknown, string> {
  transform(value: unknown): string {
    if (typeof value === 'string' && RESERVATION_ID_PATTERN.test(value)) return value;
    throw new ValidationFailedError(
      [{ field: 'id', messages: ['id must be 1-64 letters, digits, _ or -'] }],
      'The reservation id is malformed.',
    );
  }
}
