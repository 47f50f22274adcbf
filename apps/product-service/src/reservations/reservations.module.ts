import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { ProductsModule } from '../products/products.module';
import { OrphanHolds } from './orphan-holds';
import { ReservationClaim } from './reservation-claim';
import { ReservationClock } from './reservation-clock';
import { ReservationLifecycle } from './reservation-lifecycle';
import { ReservationMetrics } from './reservation-metrics';
import { ReservationSweeper } from './reservation-sweeper';
import { ReservationService } from './reservation.service';
import { ReservationsController } from './reservations.controller';
import { Reservation, ReservationSchema } from './schemas/reservation.schema';
import { StockLedger } from './stock-ledger';

@Module({
  imports: [ProductsModule, MongooseModule.forFeature([{ name: Reservation.name, schema: ReservationSchema }])],
  controllers: [ReservationsController],
  providers: [
    StockLedger,
    ReservationClock,
    ReservationMetrics,
    ReservationClaim,
    ReservationService,
    ReservationLifecycle,
    OrphanHolds,
    ReservationSweeper,
  ],
})
export class ReservationsModule {}
