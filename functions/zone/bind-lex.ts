/**
 * Splits a BIND zone file into logical entries (RFC 1035 section 5.1): tokens per entry, parentheses
 * joining lines, quoted strings with escapes kept apart, comments set aside with the entry they end.
 */

export interface Token {
  text: string;
  quoted: boolean;
}

export interface Entry {
  /** The line the entry starts on (1-based). */
  line: number;
  /** True when the entry starts with blank space: it belongs to the previous owner name. */
  continues: boolean;
  tokens: Token[];
  /** Comment text of the entry's lines, without the `;`, trimmed. */
  comments: string[];
}

export class LexError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

export function lex(text: string): Entry[] {
  const entries: Entry[] = [];
  let entry: Entry | undefined;
  let depth = 0;
  let line = 1;
  let i = 0;
  const begin = (continues: boolean) => {
    entry ??= { line, continues, tokens: [], comments: [] };
    return entry;
  };
  const end = () => {
    if (entry && depth === 0) {
      if (entry.tokens.length > 0 || entry.comments.length > 0) entries.push(entry);
      entry = undefined;
    }
  };
  let atLineStart = true;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '\n') {
      line++;
      i++;
      atLineStart = true;
      end();
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') {
      if (atLineStart && depth === 0) begin(true);
      atLineStart = false;
      i++;
      continue;
    }
    atLineStart = false;
    if (c === ';') {
      const stop = text.indexOf('\n', i);
      const comment = text.slice(i + 1, stop < 0 ? text.length : stop).trim();
      begin(false).comments.push(comment);
      i = stop < 0 ? text.length : stop;
      continue;
    }
    if (c === '(') {
      begin(false);
      depth++;
      i++;
      continue;
    }
    if (c === ')') {
      if (depth === 0) throw new LexError(line, 'unbalanced ")"');
      depth--;
      i++;
      continue;
    }
    if (c === '"') {
      const start = line;
      let j = i + 1;
      let out = '';
      for (; j < text.length && text[j] !== '"'; j++) {
        if (text[j] === '\n') line++;
        if (text[j] === '\\' && j + 1 < text.length) out += text[j++];
        out += text[j];
      }
      if (j >= text.length) throw new LexError(start, 'unterminated quoted string');
      begin(false).tokens.push({ text: out, quoted: true });
      i = j + 1;
      continue;
    }
    let j = i;
    while (j < text.length && !/[\s;()"]/.test(text[j]!)) j += text[j] === '\\' ? 2 : 1;
    begin(false).tokens.push({ text: text.slice(i, j), quoted: false });
    i = j;
  }
  if (depth > 0) throw new LexError(entry?.line ?? line, 'unbalanced "(": the file ends inside parentheses');
  end();
  return entries;
}

/** Decodes `\DDD` (a byte, decimal) and `\X` (X itself) escapes; bytes are read as UTF-8. */
export function decodeEscapes(text: string): string {
  if (!text.includes('\\')) return text;
  const bytes: number[] = [];
  const encoder = new TextEncoder();
  for (const m of text.matchAll(/\\(\d{3})|\\([\s\S])|([^\\]+)/g)) {
    if (m[1]) bytes.push(Number(m[1]) & 0xff);
    else bytes.push(...encoder.encode(m[2] ?? m[3] ?? ''));
  }
  return new TextDecoder().decode(new Uint8Array(bytes));
}

/** Quotes a character-string, escaping `"` and `\` and any byte outside printable ASCII as `\DDD`. */
export function quote(bytes: Uint8Array): string {
  let out = '"';
  for (const b of bytes) {
    if (b === 0x22 || b === 0x5c) out += `\\${String.fromCharCode(b)}`;
    else if (b < 0x20 || b > 0x7e) out += `\\${String(b).padStart(3, '0')}`;
    else out += String.fromCharCode(b);
  }
  return `${out}"`;
}
