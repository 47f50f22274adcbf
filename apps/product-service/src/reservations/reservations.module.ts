import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { ProductsModule } from '../products/products.module';
import { ReservationRepository } from './reservation.repository';
import { ReservationsClaimService } from './reservations-claim.service';
import { ReservationsLifecycleService } from './reservations-lifecycle.service';
import { ReservationsController } from './reservations.controller';
import { ReservationsMetrics } from './reservations.metrics';
import { ReservationsService } from './reservations.service';
import { ReservationsSweeper } from './reservations.sweeper';
import { Reservation, ReservationSchema } from './schemas/reservation.schema';

@Module({
  imports: [ProductsModule, MongooseModule.forFeature([{ name: Reservation.name, schema: ReservationSchema }])],
  controllers: [ReservationsController],
  providers: [
    ReservationRepository,
    ReservationsMetrics,
    ReservationsClaimService,
    ReservationsService,
    ReservationsLifecycleService,
    ReservationsSweeper,
  ],
})
export class ReservationsModule {}
