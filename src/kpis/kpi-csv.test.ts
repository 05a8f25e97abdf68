import { describe, expect, it } from 'vitest';
import { csvCell, trendCsv } from './kpi-csv.ts';

describe('csvCell', () => {
  it.each<[string | number | null, string]>([
    [null, ''],
    [3, '3'],
    [-1.5, '-1.5'],
    ['log4j-core', 'log4j-core'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['=HYPERLINK("http://x")', `"'=HYPERLINK(""http://x"")"`],
    ['+1', "'+1"],
    ['-cmd', "'-cmd"],
    ['@SUM(A1)', "'@SUM(A1)"],
  ])('%j → %s', (value, cell) => expect(csvCell(value)).toBe(cell));
});

describe('trendCsv', () => {
  it('has one column per priority seen and one row per day', () => {
    const csv = trendCsv([
      { day: '2026-12-01', openByPriority: { P1: 2 }, openBySla: { breached: 1 }, opened: 2, closed: 0, exposedVersions: 3, kevCases: 1 },
      { day: '2026-12-02', openByPriority: { P1: 1, P3: 4 }, openBySla: {}, opened: 3, closed: 1, exposedVersions: 5, kevCases: 0 },
    ]);
    expect(csv.split('\r\n')).toEqual([
      'day,open_P1,open_P3,sla_on-track,sla_near-breach,sla_breached,opened,closed,exposed_versions,kev_cases',
      '2026-12-01,2,0,0,0,1,2,0,3,1',
      '2026-12-02,1,4,0,0,0,3,1,5,0',
      '',
    ]);
  });
});
