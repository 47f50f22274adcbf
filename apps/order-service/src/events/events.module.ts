import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { Order, OrderSchema } from '../orders/schemas/order.schema';
import { OutboxMetrics } from './outbox.metrics';
import { OutboxRelay } from './outbox-relay.service';
import { OutboxRepository } from './outbox.repository';
import { OutboxSignal } from './outbox-signal';

/** The order events: recorded by the order repositories (outbox), published by the relay. */
@Module({
  imports: [MongooseModule.forFeature([{ name: Order.name, schema: OrderSchema }])],
  providers: [OutboxRepository, OutboxMetrics, OutboxRelay, OutboxSignal],
  exports: [OutboxSignal],
})
export class EventsModule {}
