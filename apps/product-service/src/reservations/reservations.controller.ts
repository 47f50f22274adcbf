import { Body, Controller, Delete, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { RequireScope, Roles } from '@app/auth';
import { type FastifyReply } from 'fastify';
import { INVALID_INPUT, NEEDS_ROLE, COMMON_PROBLEMS } from '../openapi/api-problems';
import { CreateReservationDto } from './dto/create-reservation.dto';
import { ReservationIdPipe } from './reservation-id.pipe';
import { ReservationsLifecycleService } from './reservations-lifecycle.service';
import { ReservationsService } from './reservations.service';
import { ApiProblems } from '@app/errors';
import { ReservationStatusView, ReservationView } from './reservation.view';

const ID = ApiParam({
  name: 'id',
  description: 'The reservation id (the order id).',
  schema: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,64}$', minLength: 1, maxLength: 64 },
  example: '65a1b2c3d4e5f60718293a4f',
});
const IN_PROGRESS = '`RESERVATION_IN_PROGRESS`: another request with this id is running; retry after `Retry-After`.';

/** Stock reservations for order-service (docs/contracts/internal-api.md). Service token only. */
@ApiTags('internal')
@ApiBearerAuth()
@Roles('service')
@RequireScope('stock:reserve')
@ApiProblems(COMMON_PROBLEMS)
@Controller('internal/v1/stock/reservations')
export class ReservationsController {
  constructor(
    private readonly reservations: ReservationsService,
    private readonly lifecycle: ReservationsLifecycleService,
  ) {}

  @Post()
  @ApiOperation({
    summary: 'Reserve stock for every line, or for none',
    description:
      'Idempotent by `reservationId`: the same id again returns the same reservation (200) and never holds ' +
      'stock twice. Unconfirmed reservations are released after RESERVATION_TTL_SECONDS.',
  })
  @ApiCreatedResponse({ type: ReservationView, description: 'Reserved, with a price snapshot per line.' })
  @ApiOkResponse({ type: ReservationView, description: 'This reservation id was already reserved.' })
  @ApiProblems({
    ...INVALID_INPUT,
    ...NEEDS_ROLE,
    409:
      '`INSUFFICIENT_STOCK` (with `lines[]`: productId, requested, available), `PRODUCT_UNAVAILABLE` (with ' +
      '`productIds`), or `RESERVATION_RELEASED` (this id was released or expired). Nothing was reserved.',
    503: IN_PROGRESS,
  })
  async reserve(
    @Body() dto: CreateReservationDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ReservationView> {
    const result = await this.reservations.reserve(dto);
    void reply.status(result.created ? 201 : 200);
    return result.reservation;
  }

  @Post(':id/confirm')
  @ID
  @HttpCode(200)
  @ApiOperation({
    summary: 'Confirm a reservation (the order is stored)',
    description: 'Idempotent. A confirmed reservation never expires; releasing it later returns its stock.',
  })
  @ApiOkResponse({ type: ReservationStatusView })
  @ApiProblems({
    ...INVALID_INPUT,
    ...NEEDS_ROLE,
    404: '`RESERVATION_NOT_FOUND`.',
    409: '`RESERVATION_RELEASED`: released or expired before confirmation.',
    503: IN_PROGRESS,
  })
  confirm(@Param('id', ReservationIdPipe) id: string): Promise<ReservationStatusView> {
    return this.lifecycle.confirm(id);
  }

  @Delete(':id')
  @ID
  @ApiOperation({
    summary: 'Release a reservation and return its stock',
    description:
      'Idempotent; returns the stock exactly once, whether the reservation was RESERVED or CONFIRMED. An ' +
      'unknown id is recorded as released, so a reservation arriving late with it is refused.',
  })
  @ApiOkResponse({ type: ReservationStatusView })
  @ApiProblems({ ...INVALID_INPUT, ...NEEDS_ROLE, 503: IN_PROGRESS })
  release(@Param('id', ReservationIdPipe) id: string): Promise<ReservationStatusView> {
    return this.lifecycle.release(id);
  }
}
