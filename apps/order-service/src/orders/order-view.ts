import { type Types } from 'mongoose';
import { type OrderResponse } from './dto/order.response';
import { type Order } from './schemas/order.schema';

/** An order as read with `lean()`: a plain object with its `_id`. */
export type OrderRecord = Order & { _id: Types.ObjectId };

/** The public shape of an order: ids as strings, dates as ISO strings, no saga or idempotency internals. */
export function toOrderView(order: OrderRecord): OrderResponse {
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
    createdAt: order.createdAt.toISOString(),
    updatedAt: order.updatedAt.toISOString(),
  };
}
