import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { type Types } from 'mongoose';
import { MAX_PAGE_SIZE, type Page } from '@app/pagination';
import { ShippingAddressDto } from './dto/shipping-address.dto';
import {
  ORDER_STATUSES,
  type Order,
  type OrderStatus,
  PAYMENT_STATUSES,
  type PaymentStatus,
} from './schemas/order.schema';

export class OrderLineView {
  @ApiProperty({ example: '65a0000000000000000000aa', maxLength: 24 }) productId: string;
  @ApiProperty({ example: 'MUG-001', maxLength: 64 }) sku: string;
  @ApiProperty({ example: 'Enamel mug', maxLength: 200 }) name: string;
  @ApiProperty({ description: 'Price per unit in minor units when ordered (from product-service).', example: 1250 })
  unitPrice: number;
  @ApiProperty({ example: 2 }) quantity: number;
  @ApiProperty({ description: 'unitPrice × quantity, minor units.', example: 2500 }) lineTotal: number;
}

export class StatusChangeView {
  @ApiProperty({ enum: ORDER_STATUSES }) status: OrderStatus;
  @ApiProperty({ format: 'date-time', maxLength: 30 }) at: string;
  @ApiProperty({ description: 'User id of the shopper or admin, or `order-service` itself.', maxLength: 64 })
  by: string;
  @ApiPropertyOptional({ maxLength: 500 }) reason?: string;
}

/** The address as stored: the request's shape, named as a response like every other view. */
export class ShippingAddressView extends OmitType(ShippingAddressDto, [] as const) {}

export class OrderPaymentView {
  @ApiProperty({ enum: PAYMENT_STATUSES, description: 'Where the payment stands.' }) status: PaymentStatus;
  @ApiProperty({ enum: ['sandbox', 'stripe'] }) provider: 'sandbox' | 'stripe';
  @ApiProperty({ description: 'The order total, minor units: what is charged.', example: 2500 }) amount: number;
  @ApiProperty({ example: 'EUR', pattern: '^[A-Z]{3}$', maxLength: 3 }) currency: string;
  @ApiProperty({ description: 'Refunded so far, minor units.', example: 0 }) refundedAmount: number;
  @ApiProperty({
    format: 'date-time',
    maxLength: 30,
    description: 'Unpaid by then, the order is cancelled (PAYMENT_EXPIRED) and its stock released.',
  })
  deadline: string;
  @ApiPropertyOptional({ description: 'Decline code of the last failed attempt.', maxLength: 100 })
  failureCode?: string;
}

export class OrderView {
  @ApiProperty({ example: '65b000000000000000000001', maxLength: 24 }) id: string;
  @ApiProperty({
    description: 'Human-readable order number.',
    example: 'ORD-250101-7KQ2M9XH',
    pattern: '^ORD-\\d{6}-[0-9A-Z]{8}$',
    maxLength: 19,
  })
  number: string;
  @ApiProperty({ description: 'The shopper: the `sub` of their access token.', maxLength: 64 }) userId: string;
  @ApiProperty({ enum: ORDER_STATUSES }) status: OrderStatus;
  @ApiProperty({ type: [OrderLineView], maxItems: 500, description: 'The cart lines (a cart holds at most 500).' })
  lines: OrderLineView[];
  @ApiProperty({ description: 'Minor units.', example: 2500 }) subtotal: number;
  @ApiProperty({ description: 'Minor units; equals subtotal (no shipping or tax yet).', example: 2500 })
  total: number;
  @ApiProperty({ example: 'EUR', pattern: '^[A-Z]{3}$', maxLength: 3 }) currency: string;
  @ApiProperty({ type: ShippingAddressView }) shippingAddress: ShippingAddressView;
  @ApiProperty({
    type: [StatusChangeView],
    maxItems: 10,
    description: 'One entry per status reached, oldest first.',
  })
  statusHistory: StatusChangeView[];
  @ApiProperty({ description: 'False while emptying the cart after placement is still being retried.' })
  cartCleared: boolean;
  @ApiProperty({ type: OrderPaymentView }) payment: OrderPaymentView;
  @ApiProperty({ format: 'date-time', maxLength: 30 }) createdAt: string;
  @ApiProperty({ format: 'date-time', maxLength: 30 }) updatedAt: string;
}

export class OrderListView implements Page<OrderView> {
  @ApiProperty({ type: [OrderView], maxItems: MAX_PAGE_SIZE }) items: OrderView[];
  @ApiProperty({ example: 1 }) page: number;
  @ApiProperty({ example: 20 }) pageSize: number;
  @ApiProperty({ description: 'Orders matching the filters, over all pages.', example: 42 }) total: number;
}

/** An order as read with `lean()`: a plain object with its `_id`. */
export type OrderRecord = Order & { _id: Types.ObjectId };

/** The public shape of an order: ids as strings, dates as ISO strings, no saga or idempotency internals. */
export function toOrderView(order: OrderRecord): OrderView {
  const { shippingAddress: address } = order;
  return {
    id: order._id.toHexString(),
    number: order.number,
    userId: order.userId,
    status: order.status,
    lines: order.lines.map((line) => ({
      productId: line.productId.toHexString(),
      sku: line.sku,
      name: line.name,
      unitPrice: line.unitPrice,
      quantity: line.quantity,
      lineTotal: line.lineTotal,
    })),
    subtotal: order.subtotal,
    total: order.total,
    currency: order.currency ?? '',
    shippingAddress: {
      name: address.name,
      line1: address.line1,
      ...(address.line2 ? { line2: address.line2 } : {}),
      city: address.city,
      ...(address.region ? { region: address.region } : {}),
      postalCode: address.postalCode,
      country: address.country,
    },
    statusHistory: order.statusHistory.map((change) => ({
      status: change.status,
      at: change.at.toISOString(),
      by: change.by,
      ...(change.reason ? { reason: change.reason } : {}),
    })),
    cartCleared: order.cartCleared,
    payment: toOrderPaymentView(order),
    createdAt: order.createdAt.toISOString(),
    updatedAt: order.updatedAt.toISOString(),
  };
}

function toOrderPaymentView(order: OrderRecord): OrderPaymentView {
  const payment = order.payment;
  return {
    status: payment?.status ?? 'pending',
    provider: payment?.provider ?? 'sandbox',
    amount: payment?.amount ?? order.total,
    currency: payment?.currency ?? order.currency ?? '',
    refundedAmount: payment?.refundedAmount ?? 0,
    deadline: (payment?.deadline ?? order.createdAt).toISOString(),
    ...(payment?.failureCode ? { failureCode: payment.failureCode } : {}),
  };
}
