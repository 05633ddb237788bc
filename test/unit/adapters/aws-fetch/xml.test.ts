import { describe, expect, it } from 'vitest';
import { child, escapeXml, parseXml } from '../../../../functions/adapters/aws-fetch/xml';

describe('the XML reader of the signed-fetch clients', () => {
  it('reads nested elements, dropping namespace prefixes, attributes, comments and the declaration', () => {
    const root = parseXml(
      `<?xml version="1.0"?><!-- c --><r:Root xmlns:r="urn:x" a='1>2'><A>one</A><B/><A x="y">two<![CDATA[ <raw> & ]]></A></r:Root>`,
    );
    expect(root.name).toBe('Root');
    expect(root.children.map((c) => [c.name, c.text])).toEqual([
      ['A', 'one'],
      ['B', ''],
      ['A', 'two <raw> & '],
    ]);
    expect(child(root, 'B')?.children).toEqual([]);
  });

  it('decodes the five entities and character references, and escapes them back', () => {
    const text = `a & b < c > d " e ' f`;
    expect(parseXml(`<V>${escapeXml(text)}</V>`).text).toBe(text);
    expect(parseXml('<V>&#65;&#x42;&#x1F600;&unknown;</V>').text).toBe('AB\u{1F600}&unknown;');
  });

  it.each([
    ['an unclosed element', '<A><B></B>'],
    ['a mismatched close', '<A><B></A></B>'],
    ['a stray close', '</A>'],
    ['two roots', '<A/><B/>'],
    ['no element at all', 'plain text'],
    ['text after the root', '<A/>tail'],
  ])('refuses %s', (_what, source) => {
    expect(() => parseXml(source)).toThrow(SyntaxError);
  });
});
