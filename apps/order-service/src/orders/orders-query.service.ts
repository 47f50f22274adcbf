import { Injectable } from '@nestjs/common';
import { type AuthenticatedUser, ForbiddenError } from '@app/auth';
import { pageWindow, toPage } from '@app/pagination';
import { type ListOrdersQuery } from './dto/list-orders.query';
import { type OrderListView, type OrderView, toOrderView } from './order.view';
import { OrderNotFoundError } from './orders.errors';
import { type OrderCriteria, OrderRepository } from './order.repository';

const isAdmin = (user: AuthenticatedUser): boolean => user.roles.includes('admin');

/** Reading orders: a shopper sees only their own; admins see any and may list everyone's. */
@Injectable()
export class OrdersQueryService {
  constructor(private readonly orders: OrderRepository) {}

  async list(user: AuthenticatedUser, query: ListOrdersQuery): Promise<OrderListView> {
    if ((query.all || query.userId) && !isAdmin(user))
      throw new ForbiddenError("Only admins can list other shoppers' orders.");
    const criteria: OrderCriteria = {};
    if (query.userId) criteria.userId = query.userId;
    else if (!query.all) criteria.userId = user.id;
    if (query.status) criteria.status = query.status;
    if (query.number) criteria.number = query.number;
    const window = pageWindow(query);
    const { items, total } = await this.orders.listVisible(criteria, window);
    return toPage(items.map(toOrderView), window, total);
  }

  /** Another shopper's order is a 404, never a 403: its existence is not disclosed. */
  async get(user: AuthenticatedUser, id: string): Promise<OrderView> {
    const order = await this.orders.findVisible(isAdmin(user) ? { _id: id } : { _id: id, userId: user.id });
    if (!order) throw new OrderNotFoundError();
    return toOrderView(order);
  }
}
