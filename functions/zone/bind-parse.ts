/**
 * Reads a BIND zone file into a zone: $ORIGIN, $TTL, relative and `@` names, owners carried over by
 * leading blanks, TTL and class in either order, quoted TXT, comments. twinplane's own comment lines
 * (`;twinplane alias ...`, `; proxied` after a record) bring back what a zone file cannot say. Every
 * problem is reported with its line number.
 */
import { BIND_TTL, parseDuration } from '../core/duration';
import type { Issue } from '../core/errors';
import { normalizeName } from '../core/names';
import { decodeEscapes, type Entry, LexError, lex, type Token } from './bind-lex';
import { canonicalValue, problem } from './canonical';
import { ZoneFileError } from './json';
import type { Zone, ZoneRecord } from './model';

const CLASSES = new Set(['IN', 'CH', 'HS', 'CS']);

/** `300`, `1h`, `1h30m` -> seconds; undefined when it is not a TTL. */
export function parseTtl(text: string): number | undefined {
  const ms = parseDuration(text, BIND_TTL);
  return ms === undefined ? undefined : ms / 1_000;
}

interface Context {
  origin: string | undefined;
  ttl: number | undefined;
  owner: string | undefined;
}

function absolute(name: string, ctx: Context, line: number): string {
  const text = decodeEscapes(name);
  if (text === '@') {
    if (!ctx.origin) throw new LexError(line, '"@" used before $ORIGIN');
    return ctx.origin;
  }
  if (text.endsWith('.')) return text === '.' ? '.' : normalizeName(text);
  if (!ctx.origin) throw new LexError(line, `relative name "${text}" used before $ORIGIN`);
  return normalizeName(`${text}.${ctx.origin}`);
}

/** The value of one record from its rdata tokens, names made absolute. */
function rdata(type: string, tokens: Token[], ctx: Context, line: number): string {
  const words = tokens.map((t) => t.text);
  const name = (t: string | undefined) => absolute(t ?? '', ctx, line);
  switch (type) {
    case 'TXT':
    case 'SPF':
      return tokens.map((t) => decodeEscapes(t.text)).join('');
    case 'CNAME':
    case 'NS':
    case 'PTR':
      return name(words[0]);
    case 'MX':
      return `${words[0]} ${name(words[1])}`;
    case 'SRV':
      return `${words.slice(0, 3).join(' ')} ${name(words[3])}`;
    case 'CAA':
      return `${words[0]} ${words[1]} "${decodeEscapes(words.slice(2).join(' '))}"`;
    case 'SOA':
      return [name(words[0]), name(words[1]), ...words.slice(2)].join(' ');
    default:
      return words.join(' ');
  }
}

const ARITY: Record<string, number> = { A: 1, AAAA: 1, CNAME: 1, NS: 1, PTR: 1, MX: 2, SRV: 4, SOA: 7 };

/** One resource record entry: [owner] [ttl] [class] type rdata (ttl and class in either order). */
function record(entry: Entry, ctx: Context): ZoneRecord {
  const tokens = [...entry.tokens];
  if (!entry.continues) ctx.owner = absolute(tokens.shift()!.text, ctx, entry.line);
  if (!ctx.owner) throw new LexError(entry.line, 'no owner name: the first record must name one');
  let ttl: number | undefined;
  for (let k = 0; k < 2 && tokens.length > 0; k++) {
    const word = tokens[0]!.text;
    const asTtl = parseTtl(word);
    if (asTtl !== undefined && ttl === undefined) ttl = asTtl;
    else if (CLASSES.has(word.toUpperCase())) {
      if (word.toUpperCase() !== 'IN')
        throw new LexError(entry.line, `class ${word} is not supported; use IN`);
    } else break;
    tokens.shift();
  }
  const typeToken = tokens.shift();
  if (!typeToken || typeToken.quoted || !/^[A-Za-z][A-Za-z0-9]*$/.test(typeToken.text))
    throw new LexError(entry.line, `expected a record type${typeToken ? `, found "${typeToken.text}"` : ''}`);
  const type = typeToken.text.toUpperCase();
  const arity = ARITY[type];
  if (arity !== undefined && tokens.length !== arity)
    throw new LexError(entry.line, `${type} takes ${arity} field(s), found ${tokens.length}`);
  if (tokens.length === 0) throw new LexError(entry.line, `${type} has no data`);
  ttl ??= ctx.ttl;
  if (ttl === undefined) throw new LexError(entry.line, 'no TTL: give one or set $TTL first');
  ctx.ttl ??= ttl;
  const value = rdata(type, tokens, ctx, entry.line);
  const why = problem(type, value);
  if (why) throw new LexError(entry.line, why);
  const out: ZoneRecord = { name: ctx.owner, type, ttl, values: [canonicalValue(type, value)] };
  if (entry.comments.includes('proxied')) out.proxied = true;
  return out;
}

/** `;twinplane alias NAME TYPE TTL TARGET. ZONE-ID [evaluate-health]` (the ttl is unused: aliases have none). */
function directive(comment: string, ctx: Context, line: number): ZoneRecord | undefined {
  const words = comment.split(/\s+/);
  if (words[0] !== 'twinplane' || words[1] !== 'alias') return undefined;
  const [, , owner, type, , target, zoneId, flag] = words;
  if (!owner || !type || !target || !zoneId)
    throw new LexError(line, 'a ";twinplane alias" line is NAME TYPE TTL TARGET ZONE-ID [evaluate-health]');
  const name = absolute(owner, ctx, line);
  return {
    name,
    type: type.toUpperCase(),
    ttl: 0,
    values: [],
    alias: { target: absolute(target, ctx, line), zoneId, evaluateHealth: flag === 'evaluate-health' },
  };
}

/** Parses a zone file. `origin` is the starting $ORIGIN (e.g. the zone's domain), if known. */
export function parseBind(text: string, file = 'zone.txt', origin?: string): Zone {
  const ctx: Context = {
    origin: origin ? normalizeName(origin) : undefined,
    ttl: undefined,
    owner: undefined,
  };
  const issues: Issue[] = [];
  const sets = new Map<string, ZoneRecord>();
  const add = (r: ZoneRecord) => {
    const key = `${r.name}/${r.type}`;
    const held = sets.get(key);
    if (!held) sets.set(key, r);
    else if (r.alias || held.alias)
      throw new ZoneFileError(file, [
        { path: `${r.name} ${r.type}`, message: 'is both an alias and a record set' },
      ]);
    else held.values = [...new Set([...held.values, ...r.values])].sort();
  };
  let entries: Entry[];
  try {
    entries = lex(text);
  } catch (error) {
    const e = error as LexError;
    throw new ZoneFileError(file, [{ path: `line ${e.line}`, message: e.message }]);
  }
  let first: string | undefined;
  for (const entry of entries) {
    try {
      const word = entry.tokens[0]?.text ?? '';
      if (entry.tokens.length === 0) {
        for (const c of entry.comments) {
          const alias = directive(c, ctx, entry.line);
          if (alias) add(alias);
        }
      } else if (!entry.continues && word.toUpperCase() === '$ORIGIN') {
        ctx.origin = absolute(entry.tokens[1]?.text ?? '', { ...ctx, origin: ctx.origin ?? '' }, entry.line);
        first ??= ctx.origin;
      } else if (!entry.continues && word.toUpperCase() === '$TTL') {
        const ttl = parseTtl(entry.tokens[1]?.text ?? '');
        if (ttl === undefined)
          throw new LexError(entry.line, `$TTL "${entry.tokens[1]?.text ?? ''}" is not a TTL`);
        ctx.ttl = ttl;
      } else if (!entry.continues && word.startsWith('$')) {
        throw new LexError(entry.line, `${word} is not supported; inline the records instead`);
      } else add(record(entry, ctx));
    } catch (error) {
      issues.push({ path: `line ${entry.line}`, message: (error as Error).message });
    }
  }
  const zoneOrigin = (origin ? normalizeName(origin) : undefined) ?? first ?? ctx.origin;
  if (!zoneOrigin) issues.push({ path: file, message: 'no $ORIGIN: add one or say which zone this is' });
  if (issues.length > 0) throw new ZoneFileError(file, issues);
  return { origin: zoneOrigin!, records: [...sets.values()] };
}
