import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { type AuthenticatedUser, ForbiddenError } from '@app/auth';
import { pageWindow, toPage } from '@app/pagination';
import { type ListOrdersQuery } from './dto/list-orders.query';
import { type OrderListResponse, type OrderResponse } from './dto/order.response';
import { OrderNotFoundError } from './order.errors';
import { type OrderRecord, toOrderView } from './order-view';
import { Order, type OrderDocument, VISIBLE_SAGA_STATES } from './schemas/order.schema';

const isAdmin = (user: AuthenticatedUser): boolean => user.roles.includes('admin');

/** Reading orders: a shopper sees only their own; admins see any and may list everyone's. */
@Injectable()
export class OrdersQueryService {
  constructor(@InjectModel(Order.name) private readonly orders: Model<OrderDocument>) {}

  async list(user: AuthenticatedUser, query: ListOrdersQuery): Promise<OrderListResponse> {
    if ((query.all || query.userId) && !isAdmin(user))
      throw new ForbiddenError("Only admins can list other shoppers' orders.");
    const filter: Record<string, unknown> = { saga: { $in: VISIBLE_SAGA_STATES } };
    if (query.userId) filter.userId = query.userId;
    else if (!query.all) filter.userId = user.id;
    if (query.status) filter.status = query.status;
    if (query.number) filter.number = query.number;
    const window = pageWindow(query);
    const [items, total] = await Promise.all([
      this.orders
        .find(filter)
        .sort({ createdAt: -1, _id: -1 })
        .skip(window.skip)
        .limit(window.pageSize)
        .lean<OrderRecord[]>()
        .exec(),
      this.orders.countDocuments(filter).exec(),
    ]);
    return toPage(items.map(toOrderView), window, total);
  }

  /** Another shopper's order is a 404, never a 403: its existence is not disclosed. */
  async get(user: AuthenticatedUser, id: string): Promise<OrderResponse> {
    const filter: Record<string, unknown> = { _id: id, saga: { $in: VISIBLE_SAGA_STATES } };
    if (!isAdmin(user)) filter.userId = user.id;
    const order = await this.orders.findOne(filter).lean<OrderRecord>().exec();
    if (!order) throw new OrderNotFoundError();
    return toOrderView(order);
  }
}
