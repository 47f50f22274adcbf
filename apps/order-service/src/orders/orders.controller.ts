import { Body, Controller, Get, Headers, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { type FastifyReply } from 'fastify';
import { type AuthenticatedUser, CurrentUser, PrivilegeCheck, Roles } from '@app/auth';
import { ApiObjectIdParam, ParseObjectIdPipe } from '@app/database';
import { RequestBudget } from '@app/request-context';
import { OrderSettings } from '../order-settings';
import { CancelOrderDto } from './dto/cancel-order.dto';
import { ChangeStatusDto } from './dto/change-status.dto';
import { ListOrdersQuery } from './dto/list-orders.query';
import { OrderListView, OrderView } from './order.view';
import { PlaceOrderDto } from './dto/place-order.dto';
import { COMMON_PROBLEMS } from '../openapi/api-problems';
import { OrdersQueryService } from './orders-query.service';
import { readIdempotencyKey } from './idempotency-key';
import { OrderPlacementService } from './orders-placement.service';
import { ApiProblems } from '@app/errors';
import { OrderStatusService } from './orders-status.service';
import { OrderPaymentService } from './orders-payment.service';
import { PayOrderDto } from './dto/pay-order.dto';
import { PaymentAttemptView } from './payment-attempt.view';

const ORDER_ID = ApiObjectIdParam('id', 'Order id (24 hex characters).', '65b000000000000000000001');

@ApiTags('orders')
@ApiBearerAuth()
@ApiProblems(COMMON_PROBLEMS)
// Admins read every order and move statuses here: their session must still be live (a no-op for shoppers).
@PrivilegeCheck()
@Controller('orders')
export class OrdersController {
  constructor(
    private readonly placement: OrderPlacementService,
    private readonly queries: OrdersQueryService,
    private readonly statuses: OrderStatusService,
    private readonly payments: OrderPaymentService,
  ) {}

  @Post()
  @Roles('customer', 'admin')
  @RequestBudget(OrderSettings, (settings) => settings.requestBudgetMs)
  @ApiOperation({
    summary: 'Place an order from your cart',
    description:
      'Runs the order saga: reads your cart, reserves the stock, stores the order with the current prices as ' +
      'PENDING_PAYMENT (the stock is held until `payment.deadline`) and empties the cart; then pay it with ' +
      '`POST /orders/{id}/payment`. Retrying with the same Idempotency-Key and body returns the same order ' +
      '(with `Idempotent-Replayed: true`).',
  })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: true,
    description: '8-128 characters [A-Za-z0-9_.:-], e.g. a UUID.',
    schema: { type: 'string', pattern: '^[A-Za-z0-9_.:-]{8,128}$', minLength: 8, maxLength: 128 },
  })
  @ApiResponse({ status: 201, type: OrderView, description: 'The order (PENDING_PAYMENT), new or replayed.' })
  @ApiProblems({
    400: 'VALIDATION_FAILED (errors[] per field), MALFORMED_JSON, IDEMPOTENCY_KEY_MISSING, IDEMPOTENCY_KEY_INVALID',
    403: 'FORBIDDEN: only shoppers (customer or admin) place orders',
    409:
      'INSUFFICIENT_STOCK (`lines[]`: productId, sku, name, requested, available; nothing reserved, cart unchanged), ' +
      'PRODUCT_UNAVAILABLE (`productIds`), MIXED_CURRENCIES, IDEMPOTENCY_KEY_IN_USE (Retry-After)',
    422: 'CART_EMPTY, IDEMPOTENCY_KEY_REUSED (same key, different body)',
    503: 'UPSTREAM_UNAVAILABLE (`upstream`), ORDER_PLACEMENT_FAILED, DATABASE_UNAVAILABLE; all with Retry-After',
  })
  async place(
    @CurrentUser() user: AuthenticatedUser,
    @Headers('idempotency-key') keyHeader: string | undefined,
    @Body() body: PlaceOrderDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<OrderView> {
    const { order, replayed } = await this.placement.place(user, readIdempotencyKey(keyHeader), body);
    void reply.header('Location', `/api/v1/orders/${order.id}`);
    if (replayed) void reply.header('Idempotent-Replayed', 'true');
    return order;
  }

  @Get()
  @Roles('customer', 'admin')
  @ApiOperation({
    summary: 'List orders, newest first',
    description: "Your own orders. Admins may list everyone's (`all=true`) or one shopper's (`userId`).",
  })
  @ApiResponse({ status: 200, type: OrderListView })
  @ApiProblems({
    400: 'VALIDATION_FAILED (page, pageSize, status, all, userId, number)',
    403: "FORBIDDEN: a customer asking for other shoppers' orders (`all`, `userId`)",
  })
  list(@CurrentUser() user: AuthenticatedUser, @Query() query: ListOrdersQuery): Promise<OrderListView> {
    return this.queries.list(user, query);
  }

  @Get(':id')
  @Roles('customer', 'admin')
  @ApiOperation({ summary: 'One order', description: 'Your own order; admins may read any. Others are 404.' })
  @ApiResponse({ status: 200, type: OrderView })
  @ORDER_ID
  @ApiProblems({
    400: 'VALIDATION_FAILED: malformed id',
    404: "ORDER_NOT_FOUND (also another shopper's order)",
  })
  get(@CurrentUser() user: AuthenticatedUser, @Param('id', ParseObjectIdPipe) id: string): Promise<OrderView> {
    return this.queries.get(user, id);
  }

  @Post(':id/payment')
  @HttpCode(200)
  @Roles('customer', 'admin')
  @RequestBudget(OrderSettings, (settings) => settings.requestBudgetMs)
  @ApiOperation({
    summary: 'Pay for your order',
    description:
      'Starts or retries the payment of your PENDING_PAYMENT order with a payment method, for the order total. ' +
      '`succeeded`: the order is CONFIRMED. `failed`: retry with another method before `payment.deadline` ' +
      '(after PAYMENT_MAX_ATTEMPTS declines the order is cancelled, PAYMENT_FAILED). `requires_action`: complete ' +
      '`nextAction`. Paying an order already paid answers `succeeded` again and charges nothing.',
  })
  @ApiResponse({ status: 200, type: PaymentAttemptView })
  @ORDER_ID
  @ApiProblems({
    400: 'VALIDATION_FAILED: malformed id or paymentMethod',
    404: "ORDER_NOT_FOUND (also another shopper's order)",
    409:
      'ORDER_NOT_PAYABLE (`orderStatus`: CANCELLED), PAYMENT_EXPIRED (deadline passed), PAYMENT_IN_PROGRESS ' +
      '(another attempt is with the provider; Retry-After)',
    422: 'PAYMENT_METHOD_INVALID: unknown to the payment provider',
    503: 'PAYMENT_PROVIDER_UNAVAILABLE (nothing charged; Retry-After), DATABASE_UNAVAILABLE',
  })
  pay(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', ParseObjectIdPipe) id: string,
    @Body() body: PayOrderDto,
  ): Promise<PaymentAttemptView> {
    return this.payments.pay(user, id, body.paymentMethod);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @Roles('customer', 'admin')
  @ApiOperation({
    summary: 'Cancel your order',
    description:
      'PENDING_PAYMENT or CONFIRMED orders only (before shipping): the stock goes back, and a paid order is ' +
      'refunded in full (`payment.refundedAmount`, `payment.status` refunded).',
  })
  @ApiBody({ type: CancelOrderDto, required: false })
  @ApiResponse({ status: 200, type: OrderView })
  @ORDER_ID
  @ApiProblems({
    400: 'VALIDATION_FAILED: malformed id or body',
    404: "ORDER_NOT_FOUND (also another shopper's order)",
    409: 'INVALID_STATUS_TRANSITION (`from`, `to`, `allowed`): only PENDING_PAYMENT or CONFIRMED orders can be cancelled',
  })
  cancel(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', ParseObjectIdPipe) id: string,
    @Body() body: CancelOrderDto,
  ): Promise<OrderView> {
    return this.statuses.cancelOwn(user, id, body.reason);
  }

  @Patch(':id/status')
  @Roles('admin')
  @ApiOperation({
    summary: 'Move an order along the status machine (admin)',
    description:
      'CONFIRMED → SHIPPED → DELIVERED; CANCELLED from PENDING_PAYMENT or CONFIRMED (stock goes back, a paid order ' +
      'is refunded). Only a payment confirms an order.',
  })
  @ApiResponse({ status: 200, type: OrderView })
  @ORDER_ID
  @ApiProblems({
    400: 'VALIDATION_FAILED: malformed id, unknown status or field',
    403: 'FORBIDDEN: admins only',
    404: 'ORDER_NOT_FOUND',
    409: 'INVALID_STATUS_TRANSITION (`from`, `to`, `allowed`; confirming is for payments only)',
  })
  changeStatus(
    @CurrentUser() admin: AuthenticatedUser,
    @Param('id', ParseObjectIdPipe) id: string,
    @Body() body: ChangeStatusDto,
  ): Promise<OrderView> {
    return this.statuses.changeStatus(admin, id, body.status, body.reason);
  }
}
