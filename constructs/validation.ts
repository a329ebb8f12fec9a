import { Token } from 'cdktf';
import { IConstruct } from 'constructs';
import { isNonZeroGuid } from './guid';

/**
 * Input checks shared by the constructs. Each throws a `ValidationError` that names the
 * construct path, the field, the rejected value and what is allowed. Unresolved tokens pass:
 * their value is only known to Terraform.
 */
export class ValidationError extends Error {
  constructor(scope: IConstruct | string, field: string, value: unknown, expected: string) {
    const where = typeof scope === 'string' ? scope : scope.node.path || '<root>';
    super(`${where}: invalid ${field} ${JSON.stringify(value)}: ${expected}`);
    this.name = 'ValidationError';
  }
}

export { isGuid } from './guid';

/** An Entra ID object ID: a GUID that is not all zeros. */
export function validateObjectId(scope: IConstruct | string, field: string, value: string): void {
  if (Token.isUnresolved(value)) return;
  if (!isNonZeroGuid(value)) {
    throw new ValidationError(scope, field, value,
      'expected a Microsoft Entra object ID (a non-zero GUID such as 11111111-2222-3333-4444-555555555555); ' +
      'use the object ID, not the application (client) ID or a display name');
  }
}

/** A subscription ID: a non-zero GUID. */
export function validateSubscriptionId(scope: IConstruct | string, field: string, value: string): void {
  if (Token.isUnresolved(value)) return;
  if (!isNonZeroGuid(value)) {
    throw new ValidationError(scope, field, value, 'expected an Azure subscription ID (a non-zero GUID)');
  }
}

/** Cognitive Services account names: 2 to 64 letters, digits and hyphens, alphanumeric at both ends. */
export const ACCOUNT_NAME = /^[A-Za-z0-9][A-Za-z0-9-]{0,62}[A-Za-z0-9]$/;
/** Custom subdomains: the same, but a DNS label, so at most 63 characters. */
export const SUBDOMAIN = /^[A-Za-z0-9][A-Za-z0-9-]{0,61}[A-Za-z0-9]$/;
/** A public IPv4 address or CIDR range, as network ACL IP rules take them. */
export const IPV4_OR_CIDR = /^((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\/(3[0-2]|[12]?\d))?$/;

/** Cognitive Services account name: 2 to 64 letters, digits and hyphens, starting and ending with a letter or digit. */
export function validateAccountName(scope: IConstruct | string, field: string, value: string): void {
  if (Token.isUnresolved(value)) return;
  if (!ACCOUNT_NAME.test(value)) {
    throw new ValidationError(scope, field, value,
      'expected 2 to 64 characters: letters, digits and hyphens, starting and ending with a letter or digit');
  }
}

/** Custom subdomain: a global DNS label of 2 to 63 letters, digits and hyphens, alphanumeric at both ends. */
export function validateSubdomain(scope: IConstruct | string, field: string, value: string): void {
  if (Token.isUnresolved(value)) return;
  if (!SUBDOMAIN.test(value)) {
    throw new ValidationError(scope, field, value,
      'expected a DNS label of 2 to 63 characters: letters, digits and hyphens, starting and ending with a letter or digit (it defaults to the account name: set customSubdomainName when the name is longer)');
  }
}

/** Network ACL IP rules: public IPv4 addresses or CIDR ranges. */
export function validateIpRules(scope: IConstruct | string, field: string, rules: string[] | undefined): void {
  (rules ?? []).forEach((rule, i) => {
    if (!Token.isUnresolved(rule) && !IPV4_OR_CIDR.test(rule)) {
      throw new ValidationError(scope, `${field}[${i}]`, rule, 'expected an IPv4 address or CIDR range such as 203.0.113.0/24');
    }
  });
}

/** A non-empty string (after trimming) of at least `min` characters. */
export function validateText(scope: IConstruct | string, field: string, value: string | undefined, min: number, hint: string): void {
  if (value !== undefined && Token.isUnresolved(value)) return;
  if (value === undefined || value.trim().length < min) {
    throw new ValidationError(scope, field, value ?? null, hint);
  }
}

/** One of a fixed set of values. */
export function validateOneOf<T extends string>(scope: IConstruct | string, field: string, value: T, allowed: readonly T[]): void {
  if (Token.isUnresolved(value)) return;
  if (!allowed.includes(value)) {
    throw new ValidationError(scope, field, value, `expected one of ${allowed.join(', ')}`);
  }
}

/** Terraform-address-safe slug of free text, for deterministic construct IDs. */
export function slug(value: string, max = 40): string {
  const s = value.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return s.slice(0, max).replace(/-+$/, '') || 'x';
}

/** Eight hex characters of SHA-256: keeps slugged IDs unique when two values slug alike. */
export function shortHash(value: string): string {
  // Required lazily: keeps `crypto` off the load path of programs that never need it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('crypto') as typeof import('crypto')).createHash('sha256').update(value).digest('hex').slice(0, 8);
}
