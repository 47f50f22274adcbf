import { SERVICES as ROUTED_SERVICES, type ServiceName as RoutedServiceName } from '../edge/routes';

/**
 * Every service a local run starts: the ones the edge routes (tools/edge/routes.ts) plus notification-service,
 * which has no public routes and so must never be in the edge's list.
 */
export const LOCAL_SERVICES = [
  ...ROUTED_SERVICES.map(({ name, port }) => ({ name, port })),
  { name: 'notification-service', port: 3005 },
] as const satisfies readonly { name: string; port: number }[];

export type LocalServiceName = RoutedServiceName | 'notification-service';

export const localPortOf = (name: LocalServiceName): number =>
  LOCAL_SERVICES.find((service) => service.name === name)!.port;
