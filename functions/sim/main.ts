/** `npm run simulate [-- --json FILE] [-- --scenario NAME]`: runs every scenario, prints the table. */
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { runScenario } from './engine';
import { markdownTable } from './report';
import { scenarios } from './scenarios';

const { values } = parseArgs({ options: { json: { type: 'string' }, scenario: { type: 'string' } } });
const chosen = values.scenario ? scenarios.filter((s) => s.name === values.scenario) : scenarios;
if (chosen.length === 0) {
  console.error(`unknown scenario "${values.scenario}"; one of: ${scenarios.map((s) => s.name).join(', ')}`);
  process.exit(2);
}
const results = [];
for (const scenario of chosen) results.push(await runScenario(scenario));
console.log(markdownTable(results));
const file = values.json ?? 'sim-results.json';
await writeFile(file, `${JSON.stringify(results, null, 2)}\n`);
console.log(`\nwrote ${file}`);
const failed = results.filter((r) => !r.ok);
for (const r of failed)
  console.error(
    `FAILED ${r.name}: ${r.checks
      .filter((c) => !c.ok)
      .map((c) => `${c.property}: ${c.detail}`)
      .join('; ')}`,
  );
process.exitCode = failed.length > 0 ? 1 : 0;
