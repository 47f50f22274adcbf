import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ORDER_STATUSES, type OrderStatus } from '../schemas/order.schema';
import { ShippingAddressDto } from './shipping-address.dto';

export class OrderLineResponse {
  @ApiProperty({ example: '65a0000000000000000000aa' }) productId: string;
  @ApiProperty({ example: 'MUG-001' }) sku: string;
  @ApiProperty({ example: 'Enamel mug' }) name: string;
  @ApiProperty({ description: 'Price per unit in minor units when ordered (from product-service).', example: 1250 })
  unitPrice: number;
  @ApiProperty({ example: 2 }) quantity: number;
  @ApiProperty({ description: 'unitPrice × quantity, minor units.', example: 2500 }) lineTotal: number;
}

export class StatusChangeResponse {
  @ApiProperty({ enum: ORDER_STATUSES }) status: OrderStatus;
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ description: 'User id of the shopper or admin, or `order-service` itself.' }) by: string;
  @ApiPropertyOptional() reason?: string;
}

export class OrderResponse {
  @ApiProperty({ example: '65b000000000000000000001' }) id: string;
  @ApiProperty({ description: 'Human-readable order number.', example: 'ORD-250101-7KQ2M9XH' }) number: string;
  @ApiProperty() userId: string;
  @ApiProperty({ enum: ORDER_STATUSES }) status: OrderStatus;
  @ApiProperty({ type: [OrderLineResponse] }) lines: OrderLineResponse[];
  @ApiProperty({ description: 'Minor units.', example: 2500 }) subtotal: number;
  @ApiProperty({ description: 'Minor units; equals subtotal (no shipping or tax yet).', example: 2500 })
  total: number;
  @ApiProperty({ example: 'EUR' }) currency: string;
  @ApiProperty({ type: ShippingAddressDto }) shippingAddress: ShippingAddressDto;
  @ApiProperty({ type: [StatusChangeResponse] }) statusHistory: StatusChangeResponse[];
  @ApiProperty({ description: 'False while emptying the cart after placement is still being retried.' })
  cartCleared: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class OrderListResponse {
  @ApiProperty({ type: [OrderResponse] }) items: OrderResponse[];
  @ApiProperty({ example: 1 }) page: number;
  @ApiProperty({ example: 20 }) pageSize: number;
  @ApiProperty({ description: 'Orders matching the filters, over all pages.', example: 42 }) total: number;
}
