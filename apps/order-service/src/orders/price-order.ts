import { MixedCurrenciesError } from './orders.errors';
import { type Reservation } from './reservation';
import { type WantedLine } from './stock.client';

export interface PricedLine {
  productId: string;
  sku: string;
  name: string;
  unitPrice: number;
  quantity: number;
  lineTotal: number;
}

export interface PricedOrder {
  lines: PricedLine[];
  subtotal: number;
  total: number;
  currency: string;
}

/**
 * The order's lines and totals from the reservation's price snapshots (never from the client), in integer
 * minor units. The reservation must cover exactly what was asked for; anything else is a contract breach.
 */
export function priceOrder(reservation: Reservation, wanted: WantedLine[]): PricedOrder {
  const reserved = new Map(reservation.lines.map((line) => [line.productId, line]));
  if (
    reserved.size !== wanted.length ||
    wanted.some((line) => reserved.get(line.productId)?.quantity !== line.quantity)
  )
    throw new Error('product-service reserved something other than the cart lines');
  const currencies = [...new Set(reservation.lines.map((line) => line.currency))];
  if (currencies.length !== 1) throw new MixedCurrenciesError(currencies);
  const lines = wanted.map(({ productId }) => {
    const { sku, name, unitPrice, quantity } = reserved.get(productId)!;
    return { productId, sku, name, unitPrice, quantity, lineTotal: unitPrice * quantity };
  });
  const subtotal = lines.reduce((sum, line) => sum + line.lineTotal, 0);
  if (!Number.isSafeInteger(subtotal)) throw new Error('order total exceeds the safe integer range');
  return { lines, subtotal, total: subtotal, currency: currencies[0] };
}
