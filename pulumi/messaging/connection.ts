/** AMQP over TLS: the only listener Amazon MQ for RabbitMQ offers, and the only port its security group opens. */
export const AMQPS_PORT = 5671;

/** The one broker user Amazon MQ creates for RabbitMQ (more users only through the RabbitMQ management API). */
export const BROKER_USER = 'ecommerce';

/**
 * `AMQP_URL` of the services on the bus: the broker's `amqps://host:5671` endpoint with the credentials inserted
 * (URL-encoded, though the generated password is letters and digits). amqplib then verifies the broker's
 * certificate against the system CAs (Amazon MQ's is public).
 */
export function amqpUrl(a: { endpoint: string; username: string; password: string }): string {
  const url = new URL(a.endpoint);
  if (url.protocol !== 'amqps:') throw new Error(`expected an amqps:// broker endpoint, got ${url.protocol}`);
  return `amqps://${encodeURIComponent(a.username)}:${encodeURIComponent(a.password)}@${url.hostname}:${url.port || AMQPS_PORT}`;
}

/**
 * NetworkPolicy egress rule (chart value `networkPolicy.extraEgress`) to the broker. It is outside the cluster and
 * its addresses move on a failover or maintenance, so it is addressed by the private subnets it lives in.
 */
export function brokerEgressRule(subnetCidrs: string[], port = AMQPS_PORT) {
  return {
    to: subnetCidrs.map((cidr) => ({ ipBlock: { cidr } })),
    ports: [{ port, protocol: 'TCP' }],
  };
}
