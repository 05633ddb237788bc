/** `npm run simulate [-- --json FILE] [-- --scenario NAME] [-- --readme]`: runs the scenarios, prints the table. */
import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { runScenario } from './engine';
import { markdownTable, withTable } from './report';
import { scenarios } from './scenarios';

const { values } = parseArgs({
  options: { json: { type: 'string' }, scenario: { type: 'string' }, readme: { type: 'boolean' } },
});
const chosen = values.scenario ? scenarios.filter((s) => s.name === values.scenario) : scenarios;
if (chosen.length === 0) {
  console.error(`unknown scenario "${values.scenario}"; one of: ${scenarios.map((s) => s.name).join(', ')}`);
  process.exit(2);
}
const results = [];
for (const scenario of chosen) results.push(await runScenario(scenario));
const table = markdownTable(results);
console.log(table);
const file = values.json ?? 'sim-results.json';
await writeFile(file, `${JSON.stringify(results, null, 2)}\n`);
console.log(`\nwrote ${file}`);
if (values.readme) {
  if (values.scenario) throw new Error('--readme needs every scenario; drop --scenario');
  await writeFile('README.md', withTable(await readFile('README.md', 'utf8'), table));
  console.log('updated the simulator table in README.md');
}
const failed = results.filter((r) => !r.ok);
for (const r of failed)
  console.error(
    `FAILED ${r.name}: ${r.checks
      .filter((c) => !c.ok)
      .map((c) => `${c.property}: ${c.detail}`)
      .join('; ')}`,
  );
process.exitCode = failed.length > 0 ? 1 : 0;
