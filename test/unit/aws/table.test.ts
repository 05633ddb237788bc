import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { stateTableInput, TTL_ATTRIBUTE } from '../../../infra/aws/table';

describe('state table definition', () => {
  it('is the table serverless.yml deploys', () => {
    const doc = parse(readFileSync('serverless.yml', 'utf8'), {
      customTags: [{ tag: '!Ref', resolve: (value: string) => ({ Ref: value }) }],
    }) as { resources: { Resources: { StateTable: { Properties: Record<string, unknown> } } } };
    const deployed = doc.resources.Resources.StateTable.Properties;
    const { TableName: _name, ...local } = stateTableInput('t');
    expect(deployed).toMatchObject(local);
    expect(deployed.TimeToLiveSpecification).toEqual({ AttributeName: TTL_ATTRIBUTE, Enabled: true });
  });
});
