import { Injectable } from '@nestjs/common';

/**
 * Told by a repository that it recorded an event, so the relay publishes it now rather than at its next
 * poll. Only a hint: the poll still finds everything (another replica's events, and this one's after a crash).
 */
@Injectable()
export class OutboxSignal {
  private listener?: () => void;

  recorded(): void {
    this.listener?.();
  }

  onRecorded(listener: () => void): void {
    this.listener = listener;
  }
}
