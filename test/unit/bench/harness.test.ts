/** The benchmark harness on tiny sizes: every section answers rows of the documented shape. Timings are not checked. */
import { describe, expect, it } from 'vitest';
import { markdown } from '../../../bench/report';
import { DEFAULTS, runBench } from '../../../bench/run';
import { median, percentile } from '../../../bench/stats';

describe('bench harness', () => {
  it('takes medians and nearest-rank percentiles', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    expect(percentile([10, 20, 30, 40, 50, 60, 70, 80, 90, 100], 90)).toBe(90);
    expect(percentile([5], 50)).toBe(5);
  });

  it('runs scale, api, failover and detection on tiny sizes and reports each figure with its command', async () => {
    const results = await runBench(
      {
        ...DEFAULTS,
        only: ['scale', 'api', 'failover', 'detection'],
        runs: 1,
        sizes: [10],
        timeout: '200ms',
        seeds: 1,
        offsets: 1,
        lossTicks: 30,
        cadencesS: [10],
        apiRecords: [1, 10],
        apiZones: [1],
        failoverRecords: [5],
      },
      'npm run bench -- (test)',
    );
    expect(results.machine.cores).toBeGreaterThan(0);
    expect(results.machine.node).toBe(process.version);
    expect(results.machine.referenceCpuMs).toBeGreaterThan(0);
    expect(results.referenceCpuMsAtEnd).toBeGreaterThan(0);
    expect(results.sections.map((s) => s.id)).toEqual(['scale', 'api', 'failover', 'detection']);
    for (const row of results.sections.flatMap((s) => s.rows)) {
      if (row.source) expect(row.source).toMatch(/^https:\/\//);
      else expect(row.command).toMatch(/^npm run bench -- --only \w+/);
      if (row.target) expect(row.verdict).toMatch(/^(met|missed: .+)$/);
      for (const value of Object.values(row.values)) if (value !== null) expect(typeof value).toBe('number');
    }
    const scale = results.sections[0]!.rows[0]!;
    expect(scale.command).toBe('npm run bench -- --only scale --sizes 10 --runs 1 --timeout 200ms');
    expect(scale.values).toMatchObject({ probed: 10, timeoutMs: 200 });
    const api = results.sections[1]!.rows;
    expect(api.map((r) => r.values.r53Reads)).toEqual([1, 1]);
    expect(api.map((r) => r.verdict)).toEqual(['met', 'met']);
    const [failover, steady] = results.sections[2]!.rows;
    expect(failover!.command).toBe('npm run bench -- --only failover --records 5 --runs 1');
    expect(failover!.values).toMatchObject({
      r53Writes: 1,
      r53Pages: 1,
      cfWrites: 1,
      cfReads: 1,
      commits: 1,
    });
    expect(failover!.verdict).toBe('met');
    expect(steady!.values.cpuMs).toBeGreaterThan(0);
    expect(markdown(results)).toContain('| figure | measured | target | runs | command |');
    expect(markdown(results)).toContain(
      `took ${results.machine.referenceCpuMs} ms at the start and ${results.referenceCpuMsAtEnd} ms at the end`,
    );
  }, 60_000);
});
