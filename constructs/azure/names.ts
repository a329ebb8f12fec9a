// Azure naming rules for the resources the app creates around the accounts, written once.

/**
 * Resource group names: 1 to 90 letters, digits, `-`, `_`, `.`, `(`, `)`, not ending with a period (go-azure-helpers
 * resourcemanager/resourcegroups/validate.go, as vendored by azurerm v4.55.0; Azure refuses the same).
 */
export const RESOURCE_GROUP_NAME = /^[-\w._()]{0,89}[-\w_()]$/;
/** What `RESOURCE_GROUP_NAME` expects, for messages. */
export const RESOURCE_GROUP_NAME_RULE = 'expected 1 to 90 letters, digits, "-", "_", ".", "(" or ")", not ending with a period';

/**
 * Why `name` is no resource group name azurerm accepts (`RESOURCE_GROUP_NAME`), with the fix; undefined when it is one.
 * Surrounding whitespace gets the trimmed name.
 */
export function resourceGroupNameProblem(name: string): string | undefined {
  if (RESOURCE_GROUP_NAME.test(name)) return undefined;
  const trimmed = name.trim();
  return trimmed !== name && trimmed.length > 0 ? `${RESOURCE_GROUP_NAME_RULE}; remove the surrounding whitespace: ${JSON.stringify(trimmed)}` : RESOURCE_GROUP_NAME_RULE;
}
/** Storage account names: 3 to 24 lowercase letters and digits, globally unique. */
export const STORAGE_ACCOUNT_NAME = /^[a-z0-9]{3,24}$/;
/** Blob container names: 3 to 63 lowercase letters, digits and single hyphens, alphanumeric at both ends. */
export const STORAGE_CONTAINER_NAME = /^(?!.*--)[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/;
/** The shape of a region name as `location` takes it (`swedencentral`); `AZURE_PUBLIC_REGIONS` lists the known ones. */
export const REGION_NAME = /^[a-z0-9]+$/;

// Principal identifiers (Microsoft Graph user/group properties; azurerm's user-assigned identity name).
/** An SMTP address (a user's `mail`). */
export const MAIL_ADDRESS = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
/** A user principal name has the same shape as a mail address (alice@contoso.com). */
export const USER_PRINCIPAL_NAME = MAIL_ADDRESS;
/** A principal `key` of this project: short, Terraform-address-safe, stable. */
export const PRINCIPAL_KEY = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
/** A mail nickname (alias): 1 to 64 characters, none of @ ( ) \ [ ] " ; : < > , or space (Graph `mailNickname`). */
export const MAIL_NICKNAME = /^[^@()\\[\]";:<>,\s]{1,64}$/;
/** A user's `employeeId`: 1 to 16 characters (Graph), no surrounding spaces. */
export const EMPLOYEE_ID = /^\S(.{0,14}\S)?$/;
/** A user-assigned identity's name: 3 to 128 characters (azurerm 4.55 data source, `StringLenBetween(3, 128)`). */
export const USER_ASSIGNED_IDENTITY_NAME = /^[^/]{3,128}$/;

/** Tags this project writes on what it creates, and its tools read back (the plan review finds the state storage and a plan's stack by them). */
export const PROJECT_TAGS = {
  managedBy: { key: 'managed-by', value: 'keyless-ai-inference' },
  stateStorage: { key: 'purpose', value: 'terraform-state' },
  auditLogs: { key: 'purpose', value: 'audit-logs' },
  environment: 'environment',
} as const;

/**
 * Characters that configuration text (labels, display names, UPNs, role names, descriptions, justifications, tags) must
 * not hold: control characters (C0, line breaks and tabs included, DEL, C1), the Unicode line and paragraph separators, and
 * the bidirectional embeddings, overrides and isolates that make text read in another order than it is. Reviews and
 * reports show this text: it is one line of characters that mean themselves.
 */
// eslint-disable-next-line no-control-regex
export const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

const CONTROL_NAMES: Record<string, string> = {
  '\t': 'a tab', '\n': 'a line break (line feed)', '\r': 'a line break (carriage return)',
  '\u2028': 'a line separator', '\u2029': 'a paragraph separator', '\u0085': 'a line break (next line)',
};

/** `U+000A`: a character as its code point. */
export const codePointOf = (c: string): string => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/** What is wrong with `text` (its first control character, where, and the fix), or undefined when it holds none. */
export function controlCharacterProblem(text: string): string | undefined {
  const m = CONTROL_CHARACTER.exec(text);
  if (!m) return undefined;
  const c = m[0];
  const what = CONTROL_NAMES[c] ?? (/[\u202a-\u202e\u2066-\u2069]/.test(c) ? 'a bidirectional text control' : 'a control character');
  return `holds ${what} (${codePointOf(c)}) at character ${m.index + 1}: this text is shown in reviews and must be one line of `
    + `visible characters; remove it${/[\n\r\u2028\u2029\u0085]/.test(c) ? ' and write the text on one line' : ''}`;
}

/** `JSON.stringify(value)` with every control character escaped (JSON leaves DEL, C1, U+2028/2029 and bidi controls raw). */
export function jsonShown(value: unknown): string {
  return (JSON.stringify(value) ?? String(value)).replace(new RegExp(CONTROL_CHARACTER.source, 'g'), (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** `text` with each control character (`CONTROL_CHARACTER`) shown as its code point: plain-text output stays one line per item. */
export function withCodePoints(text: string): string {
  return text.replace(new RegExp(CONTROL_CHARACTER.source, 'g'), codePointOf);
}

/**
 * The entries of `items` that repeat an earlier one under `keyOf` (how Azure compares the names): `[first, repeat]`
 * index pairs, in order. The constructs refuse the repeat; the configuration maps both indices to JSON paths.
 */
export function duplicatesOf<T>(items: readonly T[], keyOf: (item: T) => string): Array<[number, number]> {
  const first = new Map<string, number>();
  const pairs: Array<[number, number]> = [];
  items.forEach((item, i) => {
    const key = keyOf(item);
    const seen = first.get(key);
    if (seen !== undefined) pairs.push([seen, i]);
    else first.set(key, i);
  });
  return pairs;
}

/**
 * What is wrong with spaces around a name, ID or look-up key, or undefined. Entra ID and ARM compare them exactly (a
 * display-name look-up with a trailing space finds nothing), so a space pasted around one is a mistake, not data.
 */
export function surroundingSpaceProblem(v: string): string | undefined {
  const start = /^\s/.test(v);
  const end = /\s$/.test(v);
  if (!start && !end) return undefined;
  if (v.trim() === '') return 'only spaces: write the value, or leave the key out when it is optional';
  return `${start && end ? 'starts and ends' : start ? 'starts' : 'ends'} with a space: names, IDs and values are compared exactly, so remove it: ${jsonShown(v.trim())}`;
}
