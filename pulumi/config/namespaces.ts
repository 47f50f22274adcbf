/** Kubernetes namespaces of the platform: one per trust boundary. */

/** The four services; Pod Security "restricted" is enforced here. */
export const APP_NAMESPACE = 'ecommerce';
/** MongoDB, its operator and its backup jobs. */
export const DATABASE_NAMESPACE = 'database';
/** Prometheus, Alertmanager and Grafana. */
export const MONITORING_NAMESPACE = 'monitoring';
