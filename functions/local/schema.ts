/** The editor JSON Schema of twinplane.yaml, generated from the same zod schema that validates it. */
import { z } from 'zod';
import { configSchema } from '../core/config/schema';

export function configJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(configSchema, { io: 'input', target: 'draft-2020-12' }),
    $id: 'https://twinplane.dev/schema/twinplane.schema.json',
    title: 'twinplane configuration',
  };
}
