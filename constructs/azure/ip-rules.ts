// IP network rules as Azure takes them. Kept free of cdktf (used by the configuration schema and the constructs).
// Storage: azurerm v4.55.0 internal/services/storage/validate/storage_account_ip_rule.go (no /31, /32; no RFC 1918).
// Both services: "IP network rules are only allowed for public internet IP addresses" (Microsoft Learn, storage
// network security and Azure AI services virtual networks).

/** An IPv4 address or CIDR range. */
export const IPV4_OR_CIDR = /^((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\/(3[0-2]|[12]?\d))?$/;

/** Private ranges (RFC 1918) that IP rules cannot name. */
const PRIVATE_RANGES: readonly [string, number][] = [['10.0.0.0', 8], ['172.16.0.0', 12], ['192.168.0.0', 16]];

function toNumber(address: string): number {
  return address.split('.').reduce((n, octet) => n * 256 + Number(octet), 0);
}

function overlaps(a: number, aBits: number, b: number, bBits: number): boolean {
  const bits = Math.min(aBits, bBits);
  const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  return ((a & mask) >>> 0) === ((b & mask) >>> 0);
}

/** Which service's rules: storage accounts also refuse /31 and /32 ranges. */
export type IpRuleTarget = 'account' | 'storage';

/** What is wrong with an IP rule, or undefined when Azure takes it. */
export function ipRuleProblem(rule: string, target: IpRuleTarget): string | undefined {
  if (!IPV4_OR_CIDR.test(rule)) return 'expected a public IPv4 address or CIDR range such as 203.0.113.0/24';
  const [address, prefix] = rule.split('/');
  const bits = prefix === undefined ? 32 : Number(prefix);
  if (target === 'storage' && prefix !== undefined && bits > 30) {
    return `storage network rules take no /31 or /32 ranges: write the single address ${address} without a prefix, or a range of /30 or wider`;
  }
  const start = toNumber(address);
  const privateRange = PRIVATE_RANGES.find(([net, netBits]) => overlaps(start, bits, toNumber(net), netBits));
  if (privateRange) {
    return `IP rules are for public addresses; ${rule} is (or contains) the private range ${privateRange[0]}/${privateRange[1]}: reach private networks through a private endpoint or virtual network rule instead`;
  }
  return undefined;
}

/**
 * Why IP rules are pointless here, or undefined: with public network access off nothing reaches the public endpoint, so
 * the rules have no effect (Azure keeps them; a reader would believe those addresses get in).
 */
export function ipRulesWithoutPublicAccessProblem(publicNetworkAccessEnabled: boolean | undefined, ipRules: readonly string[] | undefined): string | undefined {
  return publicNetworkAccessEnabled === false && (ipRules?.length ?? 0) > 0 ? IP_RULES_WITHOUT_PUBLIC_ACCESS : undefined;
}

/** What `ipRulesWithoutPublicAccessProblem` says (warnings are found by it). */
export const IP_RULES_WITHOUT_PUBLIC_ACCESS = 'public network access is off (publicNetworkAccess: false), so IP ranges have no effect: remove the IP rules, or turn public access on';
