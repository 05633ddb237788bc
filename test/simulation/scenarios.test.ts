/** Every simulator scenario must pass its property checks; each check is a test of its own. */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { runScenario, type Scenario, type ScenarioResult } from '../../functions/sim/engine';
import { markdownTable, tableIn } from '../../functions/sim/report';
import { scenarios } from '../../functions/sim/scenarios';

const results = new Map<string, ScenarioResult>();

describe('simulator', () => {
  it.each(scenarios.map((s) => [s.name, s] as [string, Scenario]))('%s', async (_name, scenario) => {
    const result = await runScenario(scenario);
    results.set(scenario.name, result);
    expect(result.checks.filter((c) => !c.ok)).toEqual([]);
    if (scenario.expect.swap) expect(result.detectionToSwapS).not.toBeNull();
    expect(result.falseFailovers).toBe(0);
  });

  it('the README shows the current results (npm run simulate -- --readme)', async () => {
    const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8');
    const current = await Promise.all(scenarios.map(async (s) => results.get(s.name) ?? runScenario(s)));
    expect(tableIn(readme)).toBe(markdownTable(current));
  });

  it('is deterministic for a seed', async () => {
    const scenario = scenarios.find((s) => s.name === 'both-apis-throttled')!;
    expect(await runScenario(scenario)).toEqual(await runScenario(scenario));
    const other = await runScenario({ ...scenario, seed: 7 });
    expect(other.ok).toBe(true);
  });

  it('scores a broken rule as a failure (a follower that never takes over)', async () => {
    const scenario = scenarios.find((s) => s.name === 'aws-plane-dead')!;
    const neverTakesOver: Scenario = {
      ...scenario,
      name: 'no-takeover',
      timeline: [
        ...scenario.timeline,
        {
          at: 0,
          label: 'cloudflare plane dies too',
          act: (w) => {
            w.planes.get('cloudflare')!.alive = false;
          },
        },
      ],
    };
    const result = await runScenario(neverTakesOver);
    expect(result.ok).toBe(false);
    expect(result.checks.find((c) => c.property === 'P5')).toMatchObject({
      ok: false,
      detail: 'never swapped',
    });
  });
});
