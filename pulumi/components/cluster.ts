import * as aws from '@pulumi/aws';
import * as eks from '@pulumi/eks';
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { IrsaRole, type OidcProvider } from '../lib/irsa';
import { NodeGroup } from './node-group';

export interface ClusterArgs {
  /** Physical EKS cluster name, also used by subnet tags and the Cluster Autoscaler's auto-discovery. */
  clusterName: string;
  /** Kubernetes minor version of the control plane, e.g. `1.33`. */
  kubernetesVersion: string;
  /** VPC the cluster and its nodes live in. */
  vpcId: pulumi.Input<string>;
  /** Public subnets: internet-facing load balancers only. */
  publicSubnetIds: pulumi.Input<string>[];
  /** Private subnets: every node (nodes get no public address). */
  privateSubnetIds: pulumi.Input<string>[];
  /** The zone of each private subnet, in the same order. */
  availabilityZones: string[];
  /**
   * CIDRs allowed to reach the public API endpoint (operators' VPN or office egress); empty turns the public
   * endpoint off. CD never needs it: it deploys from a runner inside the VPC (DeployRunner).
   */
  publicAccessCidrs: string[];
  /** IAM roles granted cluster-admin through EKS access entries. */
  adminRoleArns: string[];
  /** Managed node group sizing. */
  nodeGroup: {
    instanceType: string;
    minSize: number;
    maxSize: number;
    desiredSize: number;
    diskSizeGb: number;
    perZone: boolean;
  };
}

/** Every control-plane log type: audit and authenticator logs are what an incident review asks for first. */
const CONTROL_PLANE_LOGS = ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'];
const CLUSTER_ADMIN_POLICY = 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy';

/**
 * EKS control plane with API authentication (access entries, no aws-auth ConfigMap), KMS envelope
 * encryption of Secrets, OIDC for IRSA, a private managed node group, managed add-ons, and a default
 * encrypted gp3 StorageClass. Exposes the Kubernetes provider every other component must use.
 */
export class Cluster extends pulumi.ComponentResource {
  public readonly clusterName: pulumi.Output<string>;
  public readonly kubeconfig: pulumi.Output<string>;
  public readonly oidc: OidcProvider;
  public readonly provider: k8s.Provider;
  /**
   * The security group EKS creates for the cluster. Managed nodes without a custom launch template get it,
   * and pods share their node's security groups (no security groups for pods), so it identifies traffic
   * from the workloads to anything outside the cluster, such as the cache.
   */
  public readonly workloadSecurityGroupId: pulumi.Output<string>;
  /** Resolves once nodes have joined: workloads that need scheduling depend on it. */
  public readonly nodesReady: pulumi.Resource;

  constructor(name: string, args: ClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    super('ecommerce:cluster:Cluster', name, {}, opts);
    const parent = { parent: this };

    const secretsKey = new aws.kms.Key(
      `${name}-secrets`,
      { description: `Envelope encryption of Kubernetes Secrets in ${args.clusterName}`, enableKeyRotation: true },
      parent,
    );

    const cluster = new eks.Cluster(
      name,
      {
        name: args.clusterName,
        version: args.kubernetesVersion,
        vpcId: args.vpcId,
        publicSubnetIds: args.publicSubnetIds,
        privateSubnetIds: args.privateSubnetIds,
        nodeAssociatePublicIpAddress: false,
        endpointPrivateAccess: true,
        endpointPublicAccess: args.publicAccessCidrs.length > 0,
        ...(args.publicAccessCidrs.length > 0 ? { publicAccessCidrs: args.publicAccessCidrs } : {}),
        authenticationMode: eks.AuthenticationMode.Api,
        accessEntries: Object.fromEntries(
          args.adminRoleArns.map((principalArn, i) => [
            `admin-${i}`,
            {
              principalArn,
              accessPolicies: { admin: { policyArn: CLUSTER_ADMIN_POLICY, accessScope: { type: 'cluster' } } },
            },
          ]),
        ),
        createOidcProvider: true,
        encryptionConfigKeyArn: secretsKey.arn,
        enabledClusterLogTypes: CONTROL_PLANE_LOGS,
        // Nodes come from the managed node group below; the component's default group is self-managed.
        skipDefaultNodeGroup: true,
        // Network policies in the charts are only enforced when the VPC CNI runs its policy agent.
        vpcCniOptions: { enableNetworkPolicy: true },
        // CoreDNS needs nodes to become healthy; it is installed below, after the node group exists.
        corednsAddonOptions: { enabled: false },
        kubeProxyAddonOptions: { enabled: true },
      },
      parent,
    );

    this.clusterName = cluster.eksCluster.name;
    // Not the component's own clusterSecurityGroupId/nodeSecurityGroupId: those belong to self-managed nodes.
    this.workloadSecurityGroupId = cluster.eksCluster.vpcConfig.clusterSecurityGroupId;
    this.kubeconfig = pulumi.secret(cluster.kubeconfigJson);
    this.oidc = { arn: cluster.oidcProviderArn, issuer: cluster.oidcIssuer };
    this.provider = new k8s.Provider(name, { kubeconfig: this.kubeconfig, enableServerSideApply: true }, parent);

    const nodes = new NodeGroup(
      `${name}-nodes`,
      {
        cluster,
        subnets: args.privateSubnetIds.map((id, i) => ({ id, zone: args.availabilityZones[i] })),
        ...args.nodeGroup,
      },
      parent,
    );
    this.nodesReady = nodes;

    new aws.eks.Addon(
      `${name}-coredns`,
      {
        clusterName: this.clusterName,
        addonName: 'coredns',
        resolveConflictsOnCreate: 'OVERWRITE',
        resolveConflictsOnUpdate: 'OVERWRITE',
      },
      { parent: this, dependsOn: [nodes] },
    );

    const ebsCsiRole = new IrsaRole(
      `${name}-ebs-csi`,
      {
        oidc: this.oidc,
        namespace: 'kube-system',
        serviceAccount: 'ebs-csi-controller-sa',
        managedPolicyArns: ['arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy'],
      },
      parent,
    );
    const ebsCsi = new aws.eks.Addon(
      `${name}-ebs-csi`,
      {
        clusterName: this.clusterName,
        addonName: 'aws-ebs-csi-driver',
        serviceAccountRoleArn: ebsCsiRole.arn,
        resolveConflictsOnCreate: 'OVERWRITE',
        resolveConflictsOnUpdate: 'OVERWRITE',
      },
      { parent: this, dependsOn: [nodes] },
    );

    new k8s.storage.v1.StorageClass(
      `${name}-gp3`,
      {
        metadata: { name: 'gp3', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
        provisioner: 'ebs.csi.aws.com',
        parameters: { type: 'gp3', encrypted: 'true', fsType: 'ext4' },
        // Bind where the pod lands, so a volume is never created in a zone its pod cannot run in.
        volumeBindingMode: 'WaitForFirstConsumer',
        allowVolumeExpansion: true,
        reclaimPolicy: 'Retain',
      },
      { parent: this, provider: this.provider, dependsOn: [ebsCsi] },
    );

    this.registerOutputs({
      clusterName: this.clusterName,
      kubeconfig: this.kubeconfig,
      oidcProviderArn: this.oidc.arn,
    });
  }
}
