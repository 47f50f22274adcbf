/** Kubernetes namespaces of the platform: one per trust boundary. */

/** The four services; Pod Security "restricted" is enforced here. */
export const APP_NAMESPACE = 'ecommerce';
/** MongoDB, its operator and its backup jobs. */
export const DATABASE_NAMESPACE = 'database';
/** Prometheus, Alertmanager and Grafana. */
export const MONITORING_NAMESPACE = 'monitoring';
/** The OpenTelemetry Collector that receives the services' traces; Pod Security "restricted" is enforced here. */
export const TRACING_NAMESPACE = 'tracing';
/** Fluent Bit, which must read the nodes' container log files (hostPath), so it is kept apart from everything else. */
export const LOGGING_NAMESPACE = 'logging';
