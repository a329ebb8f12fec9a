import { CLOCK_ENV, daysUntil, keylessNow, pimScheduleEnd } from '../constructs/azure/grant-ends';

describe('grant ends (constructs/azure/grant-ends.ts)', () => {
  test('the clock is KEYLESS_NOW when set, else the system clock; a malformed value is an error', () => {
    expect(CLOCK_ENV).toBe('KEYLESS_NOW');
    expect(keylessNow({ KEYLESS_NOW: '2027-01-01T00:00:00Z' }).toISOString()).toBe('2027-01-01T00:00:00.000Z');
    expect(Math.abs(keylessNow({}).getTime() - Date.now())).toBeLessThan(1000);
    expect(Math.abs(keylessNow({ KEYLESS_NOW: '' }).getTime() - Date.now())).toBeLessThan(1000);
    expect(() => keylessNow({ KEYLESS_NOW: '2027-01-01' })).toThrow('KEYLESS_NOW="2027-01-01": expected an RFC 3339 UTC time');
    expect(() => keylessNow({ KEYLESS_NOW: '2027-13-45T00:00:00Z' })).toThrow('expected an RFC 3339 UTC time');
  });

  test('a schedule ends at its end_date_time, or its start plus the duration; permanent ones never', () => {
    expect(pimScheduleEnd({ expiration: [{ end_date_time: '2027-06-30T00:00:00Z' }] })?.toISOString()).toBe('2027-06-30T00:00:00.000Z');
    expect(pimScheduleEnd({ start_date_time: '2027-01-01T00:00:00Z', expiration: [{ duration_days: 30 }] })?.toISOString()).toBe('2027-01-31T00:00:00.000Z');
    expect(pimScheduleEnd({ start_date_time: '2027-01-01T00:00:00Z', expiration: [{ duration_hours: 8 }] })?.toISOString()).toBe('2027-01-01T08:00:00.000Z');
    // A duration before creation (no start yet), NoExpiration as Read fills it, no expiration, no schedule.
    expect(pimScheduleEnd({ expiration: [{ duration_days: 30 }] })).toBeUndefined();
    expect(pimScheduleEnd({ start_date_time: '2027-01-01T00:00:00Z', expiration: [{ duration_days: 0, duration_hours: 0, end_date_time: '' }] })).toBeUndefined();
    expect(pimScheduleEnd({ start_date_time: '2027-01-01T00:00:00Z' })).toBeUndefined();
    expect(pimScheduleEnd(undefined)).toBeUndefined();
  });

  test('days until an end, negative once it has passed', () => {
    const now = new Date('2027-01-01T00:00:00Z');
    expect(daysUntil(new Date('2027-01-15T00:00:00Z'), now)).toBe(14);
    expect(daysUntil(new Date('2026-12-31T12:00:00Z'), now)).toBe(-0.5);
  });
});
