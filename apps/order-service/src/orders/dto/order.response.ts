import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { MAX_PAGE_SIZE, type Page } from '@app/pagination';
import { ORDER_STATUSES, type OrderStatus } from '../schemas/order.schema';
import { ShippingAddressDto } from './shipping-address.dto';

export class OrderLineResponse {
  @ApiProperty({ example: '65a0000000000000000000aa', maxLength: 24 }) productId: string;
  @ApiProperty({ example: 'MUG-001', maxLength: 64 }) sku: string;
  @ApiProperty({ example: 'Enamel mug', maxLength: 200 }) name: string;
  @ApiProperty({ description: 'Price per unit in minor units when ordered (from product-service).', example: 1250 })
  unitPrice: number;
  @ApiProperty({ example: 2 }) quantity: number;
  @ApiProperty({ description: 'unitPrice × quantity, minor units.', example: 2500 }) lineTotal: number;
}

export class StatusChangeResponse {
  @ApiProperty({ enum: ORDER_STATUSES }) status: OrderStatus;
  @ApiProperty({ format: 'date-time', maxLength: 30 }) at: string;
  @ApiProperty({ description: 'User id of the shopper or admin, or `order-service` itself.', maxLength: 64 })
  by: string;
  @ApiPropertyOptional({ maxLength: 500 }) reason?: string;
}

export class OrderResponse {
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
  @ApiProperty({ type: [OrderLineResponse], maxItems: 500, description: 'The cart lines (a cart holds at most 500).' })
  lines: OrderLineResponse[];
  @ApiProperty({ description: 'Minor units.', example: 2500 }) subtotal: number;
  @ApiProperty({ description: 'Minor units; equals subtotal (no shipping or tax yet).', example: 2500 })
  total: number;
  @ApiProperty({ example: 'EUR', pattern: '^[A-Z]{3}$', maxLength: 3 }) currency: string;
  @ApiProperty({ type: ShippingAddressDto }) shippingAddress: ShippingAddressDto;
  @ApiProperty({
    type: [StatusChangeResponse],
    maxItems: 10,
    description: 'One entry per status reached, oldest first.',
  })
  statusHistory: StatusChangeResponse[];
  @ApiProperty({ description: 'False while emptying the cart after placement is still being retried.' })
  cartCleared: boolean;
  @ApiProperty({ format: 'date-time', maxLength: 30 }) createdAt: string;
  @ApiProperty({ format: 'date-time', maxLength: 30 }) updatedAt: string;
}

export class OrderListResponse implements Page<OrderResponse> {
  @ApiProperty({ type: [OrderResponse], maxItems: MAX_PAGE_SIZE }) items: OrderResponse[];
  @ApiProperty({ example: 1 }) page: number;
  @ApiProperty({ example: 20 }) pageSize: number;
  @ApiProperty({ description: 'Orders matching the filters, over all pages.', example: 42 }) total: number;
}
