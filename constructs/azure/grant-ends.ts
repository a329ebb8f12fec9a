import { rfc3339UtcProblem } from './policy';

// When access granted through PIM ends, and the one clock every part of the project reads (synth, the offline
// provider, `npm run grants-ending`). Kept free of cdktf: the tools read it cheaply.

/** The environment variable that sets "now" (an RFC 3339 UTC time) for synth, the offline provider and the tools: for tests. */
export const CLOCK_ENV = 'KEYLESS_NOW';

/**
 * The environment variable that turns synth's error for a grant whose fixed end has passed into a warning: `warn` (the
 * nightly drift job, which checks Azure rather than authoring; the plan then creates nothing for the grant and its check
 * warns). Unset, empty or `error`: an error (the author's synth).
 */
export const ENDED_GRANTS_ENV = 'KEYLESS_ENDED_GRANTS';

/** Whether synth only warns about grants whose end has passed (`KEYLESS_ENDED_GRANTS=warn`). A value other than warn/error/empty is an error. */
export function endedGrantsOnlyWarn(env: NodeJS.ProcessEnv = process.env): boolean {
  const v = env[ENDED_GRANTS_ENV];
  if (v === undefined || v === '' || v === 'error') return false;
  if (v === 'warn') return true;
  throw new Error(`${ENDED_GRANTS_ENV}=${JSON.stringify(v)}: expected warn or error (or leave it unset: error)`);
}

/** A grant ending within this many days is reported ahead (synth warning, nightly drift job). */
export const GRANT_END_WARNING_DAYS = 14;

/** Now: `KEYLESS_NOW` when set (tests), else the system clock. A malformed value is an error, never ignored. */
export function keylessNow(env: NodeJS.ProcessEnv = process.env): Date {
  const v = env[CLOCK_ENV];
  if (v === undefined || v === '') return new Date();
  const t = Date.parse(v);
  if (rfc3339UtcProblem(v) !== undefined || Number.isNaN(t)) {
    throw new Error(`${CLOCK_ENV}=${JSON.stringify(v)}: expected an RFC 3339 UTC time such as 2027-01-01T00:00:00Z (or leave it unset for the system clock)`);
  }
  return new Date(t);
}

/** Whole days from `now` until `end` (negative once it has passed). */
export function daysUntil(end: Date, now: Date): number {
  return (end.getTime() - now.getTime()) / 86_400_000;
}

/** A PIM schedule as the provider holds it: `schedule { start_date_time, expiration { duration_days | duration_hours | end_date_time } }`. */
export interface PimScheduleValues {
  readonly start_date_time?: string | null;
  readonly expiration?: readonly { readonly duration_days?: number | null; readonly duration_hours?: number | null; readonly end_date_time?: string | null }[] | null;
}

/**
 * The end of a PIM schedule: its `end_date_time`, or its start plus the duration; undefined for a permanent one, or when a
 * duration's start is not known (before creation). Azure ends the schedule then (Expiration type AfterDateTime / AfterDuration,
 * pim_{eligible,active}_role_assignment_resource.go Create at azurerm v4.55.0).
 */
export function pimScheduleEnd(schedule: PimScheduleValues | undefined | null): Date | undefined {
  const exp = schedule?.expiration?.[0];
  if (!exp) return undefined;
  if (exp.end_date_time) return new Date(exp.end_date_time);
  const start = schedule?.start_date_time ? Date.parse(schedule.start_date_time) : NaN;
  if (Number.isNaN(start)) return undefined;
  if (exp.duration_days) return new Date(start + exp.duration_days * 86_400_000);
  if (exp.duration_hours) return new Date(start + exp.duration_hours * 3_600_000);
  return undefined;
}
