import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/**
 * Stock taken from a product by one attempt of one reservation. It lives in the product document, so taking
 * the stock and recording who took it is one atomic write, and giving it back removes it in the same write:
 * stock held by a reservation is returned exactly once, whoever (request, retry, sweeper) does it.
 */
@Schema({ _id: false })
export class StockHold {
  /** Reservation id. */
  @Prop({ required: true })
  r: string;

  /** Attempt token: only the attempt that completed a reservation owns its holds; others are orphans. */
  @Prop({ required: true })
  a: string;

  @Prop({ required: true })
  q: number;

  @Prop({ required: true })
  at: Date;
}

/** Marks that stock of a confirmed reservation was given back, so a retried release never gives it twice. */
@Schema({ _id: false })
export class StockReturn {
  @Prop({ required: true })
  r: string;

  @Prop({ required: true })
  at: Date;
}

export const StockHoldSchema = SchemaFactory.createForClass(StockHold);
export const StockReturnSchema = SchemaFactory.createForClass(StockReturn);
