/** `npm run schema`: writes schema/twinplane.schema.json for editors. */
import { mkdir, writeFile } from 'node:fs/promises';
import { configJsonSchema } from './schema';

await mkdir('schema', { recursive: true });
await writeFile('schema/twinplane.schema.json', `${JSON.stringify(configJsonSchema(), null, 2)}\n`);
console.log('wrote schema/twinplane.schema.json');
