export interface ReservedLine {
  productId: string;
  sku: string;
  name: string;
  /** Minor units, as product-service prices it at reservation time: the order's price snapshot. */
  unitPrice: number;
  currency: string;
  quantity: number;
}

export interface Reservation {
  reservationId: string;
  lines: ReservedLine[];
}

const isText = (value: unknown): value is string => typeof value === 'string' && value.length > 0;
const isCount = (value: unknown, min: number): value is number =>
  Number.isSafeInteger(value) && (value as number) >= min;

/** The reservation answer, checked field by field: prices stored in orders must be exactly what was sent. */
export function parseReservation(body: unknown): Reservation {
  const { reservationId, lines } = (body ?? {}) as { reservationId?: unknown; lines?: unknown };
  if (!isText(reservationId) || !Array.isArray(lines) || lines.length === 0)
    throw new Error('product-service answered the reservation without an id or lines');
  return {
    reservationId,
    lines: lines.map((line: Record<string, unknown>) => {
      const { productId, sku, name, unitPrice, currency, quantity } = line ?? {};
      if (!isText(productId) || !isText(sku) || !isText(name) || !isText(currency))
        throw new Error('product-service answered a reservation line without product id, sku, name or currency');
      if (!isCount(unitPrice, 0) || !isCount(quantity, 1))
        throw new Error('product-service answered a reservation line with an invalid price or quantity');
      return { productId, sku, name, unitPrice, currency, quantity };
    }),
  };
}
