import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { describeGrantEnd, grantEndsOf, grantsEnding, renderGrantsEnding } from '../grants-ending';

const NOW = new Date('2027-01-01T00:00:00Z');

describe('grants-ending (the report behind npm run grants-ending)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'grants-ending-unit-'));
  const file = path.join(dir, 'cdk.tf.json');
  const grant = (principal: string, extra: object) => ({ principal_id: 'oid', role_definition_id: 'rid', '//': { keyless_grant: { principal, role: 'Role: 50%', source: 'dev.json $.x' } }, ...extra });
  fs.writeFileSync(file, JSON.stringify({
    resource: {
      azurerm_pim_active_role_assignment: {
        soon: grant('Soon\nhere', { schedule: { expiration: { end_date_time: '2027-01-05T00:00:00Z' } } }),
        later: grant('Later', { schedule: { expiration: { end_date_time: '2027-06-01T00:00:00Z' } } }),
        ended: grant('Ended', { schedule: { expiration: { end_date_time: '2026-12-31T00:00:00Z' } } }),
      },
      azurerm_pim_eligible_role_assignment: {
        permanent: grant('Permanent', {}),
        days: { ...grant('Days', { schedule: { expiration: { duration_days: 30 } } }), '//': { keyless_grant: { principal: 'Days', role: 'R', expires: '30 days after creation' } } },
      },
    },
  }));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('every PIM grant with its end; the window keeps ended and ending ones, soonest first; durations apart', () => {
    const all = grantEndsOf({ name: 'dev', file }, NOW);
    expect(all.map((g) => [g.principal, g.kind, g.expires, g.daysLeft])).toEqual([
      ['Soon\nhere', 'time-limited', '2027-01-05T00:00:00Z', 4], ['Later', 'time-limited', '2027-06-01T00:00:00Z', 151], ['Ended', 'time-limited', '2026-12-31T00:00:00Z', -1],
      ['Permanent', 'eligible', 'permanent (eligible until removed)', undefined], ['Days', 'eligible', '30 days after creation', undefined],
    ]);
    const r = grantsEnding(all, NOW, 14);
    expect(r.ending.map((g) => g.principal)).toEqual(['Ended', 'Soon\nhere']);
    expect(r.endKnownOnlyInAzure.map((g) => g.principal)).toEqual(['Days']);
    expect(describeGrantEnd(r.ending[0])).toBe('Ended: time-limited Role: 50% (stack dev, dev.json $.x) ended on 2026-12-31T00:00:00Z: Azure no longer lists it; remove the entry');
  });

  test('GitHub annotations escape what the runner would misread', () => {
    const lines = renderGrantsEnding(grantsEnding(grantEndsOf({ name: 'dev', file }, NOW), NOW, 14), 'github').split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toBe('::warning title=Grant ends in 4 days (dev)::Soon%0Ahere: time-limited Role: 50%25 (stack dev, dev.json $.x) ends on 2027-01-05T00:00:00Z, in 4 days: remove the entry after it, or set a later end to keep the access');
    expect(lines[2]).toMatch(/^::notice title=Grant end known only in Azure \(dev\)::Days: eligible R \(stack dev\) ends 30 days after creation/);
  });
});
