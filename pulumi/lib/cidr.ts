/** IPv4 subnet arithmetic, so subnet ranges are computed from the VPC range instead of typed by hand. */

function toNumber(address: string): number {
  const octets = address.split('.').map(Number);
  if (octets.length !== 4 || octets.some((o) => !Number.isInteger(o) || o < 0 || o > 255)) {
    throw new Error(`"${address}" is not an IPv4 address`);
  }
  return octets.reduce((acc, o) => acc * 256 + o, 0);
}

function toAddress(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');
}

/** The `index`-th block of prefix length `newPrefix` inside `cidr` (like Terraform's cidrsubnet). */
export function subnetCidr(cidr: string, newPrefix: number, index: number): string {
  const [address, prefixText] = cidr.split('/');
  const prefix = Number(prefixText);
  if (!(newPrefix >= prefix && newPrefix <= 28)) throw new Error(`/${newPrefix} does not fit inside ${cidr}`);
  const size = 2 ** (32 - newPrefix);
  if (index < 0 || index >= 2 ** (newPrefix - prefix))
    throw new Error(`${cidr} has no block #${index} of /${newPrefix}`);
  const base = toNumber(address) - (toNumber(address) % 2 ** (32 - prefix));
  return `${toAddress(base + index * size)}/${newPrefix}`;
}

/**
 * Subnet layout for one VPC: large private subnets, because the VPC CNI gives every pod a VPC address, and
 * small public subnets that only hold load balancers and NAT gateways. A /16 gives three /19 private
 * (8,190 addresses each) and three /22 public subnets, leaving room for more later.
 */
export function subnetLayout(vpcCidr: string, zoneCount: number): { privateCidrs: string[]; publicCidrs: string[] } {
  const prefix = Number(vpcCidr.split('/')[1]);
  const zones = [...Array(zoneCount).keys()];
  return {
    privateCidrs: zones.map((i) => subnetCidr(vpcCidr, prefix + 3, i)),
    // Public blocks start after the private ones: /22s numbered from the 4th /19 onwards.
    publicCidrs: zones.map((i) => subnetCidr(vpcCidr, prefix + 6, 3 * 8 + i)),
  };
}
