/**
 * The little XML Route 53's REST API needs: parse a response into elements (names without namespace
 * prefix, text with the five entities and character references decoded; attributes, comments and the
 * declaration skipped), and escape text for a request. Malformed input (an unclosed or mismatched tag)
 * throws: a response that cannot be read must not be half-read.
 */

export interface XmlElement {
  name: string;
  children: XmlElement[];
  text: string;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (whole, ref: string) => {
    if (ref.startsWith('#x')) return String.fromCodePoint(Number.parseInt(ref.slice(2), 16));
    if (ref.startsWith('#')) return String.fromCodePoint(Number.parseInt(ref.slice(1), 10));
    return ENTITIES[ref] ?? whole;
  });
}

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) =>
    c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&apos;',
  );
}

const TOKEN =
  /<!\[CDATA\[([\s\S]*?)\]\]>|<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!DOCTYPE[^>]*>|<(\/?)([A-Za-z_][\w.:-]*)((?:[^>"']|"[^"]*"|'[^']*')*?)(\/?)>/g;

/** The document's root element. */
export function parseXml(source: string): XmlElement {
  const root: XmlElement = { name: '', children: [], text: '' };
  const stack: XmlElement[] = [root];
  let last = 0;
  for (const match of source.matchAll(TOKEN)) {
    const top = stack[stack.length - 1] as XmlElement;
    top.text += decode(source.slice(last, match.index));
    last = match.index + match[0].length;
    if (match[1] !== undefined) {
      top.text += match[1];
      continue;
    }
    const tag = match[3];
    if (tag === undefined) continue;
    const name = tag.includes(':') ? tag.slice(tag.indexOf(':') + 1) : tag;
    if (match[2] === '/') {
      if (stack.length < 2 || top.name !== name)
        throw new SyntaxError(`XML: </${name}> does not close <${top.name || 'document'}>`);
      stack.pop();
      continue;
    }
    const element: XmlElement = { name, children: [], text: '' };
    top.children.push(element);
    if (match[5] !== '/') stack.push(element);
  }
  if (stack.length > 1) throw new SyntaxError(`XML: <${stack[stack.length - 1]?.name}> is not closed`);
  if (source.slice(last).trim() !== '') throw new SyntaxError('XML: text after the root element');
  const [element] = root.children;
  if (!element || root.children.length > 1) throw new SyntaxError('XML: not one root element');
  return element;
}

/** The first child named `name`. */
export function child(element: XmlElement | undefined, name: string): XmlElement | undefined {
  return element?.children.find((c) => c.name === name);
}
