import { Injectable } from '@nestjs/common';

/** Shared flag: once set, readiness fails so load balancers stop sending new requests. */
@Injectable()
export class ShutdownState {
  private draining = false;

  get isDraining(): boolean {
    return this.draining;
  }

  startDraining(): void {
    this.draining = true;
  }
}
