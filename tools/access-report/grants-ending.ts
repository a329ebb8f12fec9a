import { daysUntil, GRANT_END_WARNING_DAYS } from 'keyless-ai-inference/azure';
import { readStackJson, SynthesizedStack } from './synth-output';

/** A PIM grant (time-limited or eligible) of a synthesized stack, with its end as far as the configuration says. */
export interface GrantEnd {
  readonly stack: string;
  /** Terraform address, e.g. `azurerm_pim_active_role_assignment.<name>` (read from a synthesized stack). */
  readonly address?: string;
  readonly kind: 'time-limited' | 'eligible';
  readonly principal: string;
  readonly role: string;
  /** Where the grant is declared (configuration file and JSON path, or construct path). */
  readonly source?: string;
  /** The fixed end (RFC 3339), when there is one. */
  readonly end?: string;
  /** The end in words: the date, "N days after creation" (known only in Azure) or "permanent". */
  readonly expires: string;
  /** Days left until `end` (negative: ended), rounded up. */
  readonly daysLeft?: number;
}

const PIM_KINDS: Record<string, GrantEnd['kind']> = {
  azurerm_pim_active_role_assignment: 'time-limited',
  azurerm_pim_eligible_role_assignment: 'eligible',
};

/** Every PIM grant of a synthesized stack, with its end. */
export function grantEndsOf(stack: SynthesizedStack, now: Date): GrantEnd[] {
  const json = readStackJson(stack) as { resource?: Record<string, Record<string, Record<string, unknown>>> };
  const out: GrantEnd[] = [];
  for (const [type, kind] of Object.entries(PIM_KINDS)) {
    for (const [name, block] of Object.entries(json.resource?.[type] ?? {})) {
      const about = ((block['//'] as Record<string, unknown> | undefined)?.keyless_grant ?? {}) as Record<string, string | undefined>;
      const expiration = one(one(block.schedule)?.expiration);
      const end = typeof expiration?.end_date_time === 'string' && !expiration.end_date_time.includes('${') ? expiration.end_date_time : undefined;
      const expires = end ?? about.expires ?? (expiration ? 'a duration after creation' : 'permanent (eligible until removed)');
      out.push({
        stack: stack.name, address: `${type}.${name}`, kind, principal: about.principal ?? String(block.principal_id), role: about.role ?? String(block.role_definition_id),
        ...(about.source ? { source: about.source } : {}),
        ...(end ? { end, daysLeft: daysLeftUntil(end, now) } : {}),
        expires,
      });
    }
  }
  return out;
}

function one(v: unknown): Record<string, unknown> | undefined {
  const x = Array.isArray(v) ? v[0] : v;
  return x && typeof x === 'object' ? (x as Record<string, unknown>) : undefined;
}

/** What the command reports: grants ending within the window (or ended), and grants whose end only Azure knows. */
export interface GrantsEndingReport {
  readonly now: string;
  readonly withinDays: number;
  readonly ending: GrantEnd[];
  /** Grants with a duration: their end depends on when they were created (check Azure). */
  readonly endKnownOnlyInAzure: GrantEnd[];
}

/** Days left until `end` at `now`, rounded up (negative: ended). */
export function daysLeftUntil(end: string, now: Date): number {
  return Math.ceil(daysUntil(new Date(end), now));
}

/** Of `all`, the grants ending within `withinDays` of `now` (ended ones included), soonest first; and those whose end only Azure knows. */
export function grantsEnding(all: GrantEnd[], now: Date, withinDays: number = GRANT_END_WARNING_DAYS): GrantsEndingReport {
  return {
    now: now.toISOString(),
    withinDays,
    ending: all.filter((g) => g.daysLeft !== undefined && g.daysLeft <= withinDays).sort((a, b) => a.daysLeft! - b.daysLeft! || `${a.stack}${a.source}`.localeCompare(`${b.stack}${b.source}`)),
    endKnownOnlyInAzure: all.filter((g) => g.end === undefined && !g.expires.startsWith('permanent')),
  };
}

/** One line per grant, in words. */
export function describeGrantEnd(g: GrantEnd): string {
  const what = `${g.principal}: ${g.kind} ${g.role} (stack ${g.stack}${g.source ? `, ${g.source}` : ''})`;
  if (g.daysLeft === undefined) return `${what} ends ${g.expires}: its end date is known only in Azure`;
  if (g.daysLeft <= 0) return `${what} ended on ${g.end}: Azure no longer lists it; remove the entry`;
  return `${what} ends on ${g.end}, in ${g.daysLeft} day${g.daysLeft === 1 ? '' : 's'}: remove the entry after it, or set a later end to keep the access`;
}

/** Text of a GitHub Actions workflow command value (`%`, CR and LF escaped as the runner expects). */
function ghEscape(s: string, property = false): string {
  const t = s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
  return property ? t.replace(/:/g, '%3A').replace(/,/g, '%2C') : t;
}

/** The report as text, JSON or GitHub Actions `::warning` annotations. */
export function renderGrantsEnding(r: GrantsEndingReport, format: 'text' | 'json' | 'github'): string {
  if (format === 'json') return JSON.stringify(r, null, 2);
  if (format === 'github') {
    return [
      ...r.ending.map((g) => `::warning title=${ghEscape(g.daysLeft! <= 0 ? `Grant ended (${g.stack})` : `Grant ends in ${g.daysLeft} day${g.daysLeft === 1 ? '' : 's'} (${g.stack})`, true)}::${ghEscape(describeGrantEnd(g))}`),
      ...r.endKnownOnlyInAzure.map((g) => `::notice title=${ghEscape(`Grant end known only in Azure (${g.stack})`, true)}::${ghEscape(describeGrantEnd(g))}`),
    ].join('\n');
  }
  const lines = r.ending.length === 0
    ? [`No grant or eligibility ends within ${r.withinDays} days of ${r.now}.`]
    : [`${r.ending.length} grant${r.ending.length === 1 ? '' : 's'} ending within ${r.withinDays} days of ${r.now} (or ended):`, ...r.ending.map((g) => `  - ${describeGrantEnd(g)}`)];
  if (r.endKnownOnlyInAzure.length > 0) lines.push('Ends set as a duration (check Azure):', ...r.endKnownOnlyInAzure.map((g) => `  - ${describeGrantEnd(g)}`));
  return lines.join('\n');
}
