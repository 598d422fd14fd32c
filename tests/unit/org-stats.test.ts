import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ActivityGroup, activityStats, MIN_GROUP } from '../../src/server/governance/aggregate-stats.ts';

const group = fc.record({
  period: fc.constantFrom('2026-10', '2026-11', '2026-12'),
  contributors: fc.integer({ min: 1, max: 40 }),
  submitted: fc.integer({ min: 0, max: 500 }),
  approved: fc.integer({ min: 0, max: 500 }),
  rejected: fc.integer({ min: 0, max: 500 }),
  erased: fc.integer({ min: 0, max: 50 }),
  approvedMinutes: fc.double({ min: 0, max: 10_000, noNaN: true }),
});

describe('admin activity stats (aggregate counts only, minimum group size)', () => {
  it('shows a month of fewer than 5 contributors as "<5" and nothing else, whatever its figures', () => {
    fc.assert(
      fc.property(fc.uniqueArray(group, { selector: (g) => g.period }), (groups) => {
        const { months, minGroup } = activityStats(groups);
        expect(minGroup).toBe(MIN_GROUP);
        expect(months).toHaveLength(groups.length);
        for (const row of months) {
          const source = groups.find((g) => g.period === row.period)!;
          if (source.contributors < MIN_GROUP) expect(row).toEqual({ period: row.period, contributors: '<5' });
          else expect(row).toEqual({ ...source, approvedMinutes: Math.round(source.approvedMinutes) });
        }
      }),
    );
  });

  it('gives counts and never a name, id or per-person figure, even for a month of exactly 5', () => {
    const five: ActivityGroup = { period: '2026-12', contributors: 5, submitted: 9, approved: 7, rejected: 1, erased: 1, approvedMinutes: 63.4 };
    const one: ActivityGroup = { period: '2026-11', contributors: 1, submitted: 30, approved: 30, rejected: 0, erased: 2, approvedMinutes: 900 };
    const stats = activityStats([five, one]);
    expect(stats.months).toEqual([{ period: '2026-11', contributors: '<5' }, { ...five, approvedMinutes: 63 }]);
    for (const row of stats.months) for (const value of Object.values(row)) expect(typeof value === 'number' || /^(\d{4}-\d{2}|<5)$/.test(value)).toBe(true);
  });
});
