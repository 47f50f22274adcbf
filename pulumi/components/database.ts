import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import * as random from '@pulumi/random';
import { DATABASE_NAMESPACE } from '../config/namespaces';
import { SERVICE_NAMES, SERVICES, type ServiceName } from '../config/services';
import { MONGODB_RELEASE, memberHosts, mongodbUri } from '../database/connection';
import { DATABASE_USERS, mongodbValues, passwordSecretName, type DatabaseUser } from '../database/mongodb-values';
import { RELEASE_DEFAULTS, THIRD_PARTY_CHARTS, localChartPath, stackValuesFile } from '../lib/charts';

export interface DatabaseArgs {
  /** Stack name, selecting helm/mongodb/values-<stack>.yaml. */
  stack: string;
  /** Provider of the target cluster. */
  provider: k8s.Provider;
  /** Replica set members: 1 in staging, 3 (one per zone) in prod. */
  members: number;
  /** Data volume size per member in GiB. */
  storageGi: number;
  /** Backup CronJob schedule (cron, UTC). */
  backupSchedule: string;
  /** Bucket the backups are written to. */
  backupBucket: pulumi.Input<string>;
  /** IRSA role of the backup job's service account. */
  backupRoleArn: pulumi.Input<string>;
  /** AWS region of the bucket. */
  region: string;
  /** What must exist first: nodes and the default StorageClass. */
  dependsOn: pulumi.Resource[];
}

/**
 * MongoDB: the operator (MongoDB Controllers for Kubernetes, watching this namespace), one generated
 * password per database user kept only in a Kubernetes Secret (secret in Pulumi state, read by reference
 * by the chart), and `helm/mongodb`. Exposes each service's connection string for the services' Secrets.
 */
export class Database extends pulumi.ComponentResource {
  public readonly mongodbUris: Record<ServiceName, pulumi.Output<string>>;
  public readonly release: k8s.helm.v3.Release;

  constructor(name: string, args: DatabaseArgs, opts?: pulumi.ComponentResourceOptions) {
    super('ecommerce:database:Database', name, {}, opts);
    const k8sOpts = { parent: this, provider: args.provider };
    const namespace = new k8s.core.v1.Namespace(name, { metadata: { name: DATABASE_NAMESPACE } }, k8sOpts);

    const operatorChart = THIRD_PARTY_CHARTS.mongodbOperator;
    const operator = new k8s.helm.v3.Release(
      `${name}-operator`,
      {
        ...RELEASE_DEFAULTS,
        name: 'mongodb-operator',
        namespace: namespace.metadata.name,
        chart: operatorChart.chart,
        version: operatorChart.version,
        repositoryOpts: { repo: operatorChart.repo },
        values: {
          operator: {
            // Only the community resource is used; the others would need Ops Manager.
            watchedResources: ['mongodbcommunity'],
            enableClusterMongoDBRoles: false,
            resources: { requests: { cpu: '100m', memory: '200Mi' } },
          },
        },
      },
      { ...k8sOpts, dependsOn: args.dependsOn },
    );

    const passwords = {} as Record<DatabaseUser, pulumi.Output<string>>;
    const passwordSecrets = DATABASE_USERS.map((user) => {
      passwords[user] = new random.RandomPassword(
        `${name}-${user}`,
        { length: 32, special: false },
        { parent: this },
      ).result;
      return new k8s.core.v1.Secret(
        `${name}-${user}-password`,
        {
          metadata: { name: passwordSecretName(user), namespace: namespace.metadata.name },
          type: 'Opaque',
          stringData: { password: pulumi.secret(passwords[user]) },
        },
        k8sOpts,
      );
    });

    this.release = new k8s.helm.v3.Release(
      `${name}-mongodb`,
      {
        ...RELEASE_DEFAULTS,
        name: MONGODB_RELEASE,
        namespace: namespace.metadata.name,
        chart: localChartPath('mongodb'),
        // Resolves the shared library chart (a file://../common dependency); nothing is downloaded.
        dependencyUpdate: true,
        valueYamlFiles: [new pulumi.asset.FileAsset(stackValuesFile('mongodb', args.stack))],
        values: mongodbValues({
          members: args.members,
          storageGi: args.storageGi,
          backup: {
            schedule: args.backupSchedule,
            bucket: args.backupBucket,
            region: args.region,
            roleArn: args.backupRoleArn,
          },
        }),
      },
      // The operator must be running (and its CRD installed) before the MongoDBCommunity resource exists.
      { ...k8sOpts, dependsOn: [...args.dependsOn, operator, ...passwordSecrets] },
    );

    const hosts = memberHosts(args.members);
    this.mongodbUris = Object.fromEntries(
      SERVICE_NAMES.map((service) => [
        service,
        pulumi.secret(
          passwords[service].apply((password) =>
            mongodbUri({ user: service, password, database: SERVICES[service].database, hosts }),
          ),
        ),
      ]),
    ) as Record<ServiceName, pulumi.Output<string>>;
    this.registerOutputs({});
  }
}
