/**
 * A static guard for `bodyMatches`. JavaScript regular expressions backtrack, and a probe runs on a
 * plane's only thread, so one pattern such as (a+)+$ against a 1 MiB body could stall every tick.
 * Refused, before anything runs:
 * - a repeated group that itself contains a repeat: (a+)+, (a*)*, (\w+\s?){2,}, ((ab)*c)+
 * - a repeated group whose alternatives overlap: (a|a)*, (a|ab)+, (x|)*
 * - backreferences (\1, \k<name>), which no engine can match without backtracking
 * What remains backtracks at most polynomially in the (1 MiB capped) body.
 */

interface Frame {
  /** A repeating quantifier appears somewhere inside this group. */
  repeats: boolean;
  /** The group's alternatives as written, split on its top-level |. */
  alternatives: string[];
  start: number;
}

/** The quantifier at `i` (length and whether it can repeat more than once), or undefined. */
function quantifierAt(source: string, i: number): { length: number; repeats: boolean } | undefined {
  const c = source[i];
  let length = 0;
  let repeats = false;
  if (c === '*' || c === '+') [length, repeats] = [1, true];
  else if (c === '?') [length, repeats] = [1, false];
  else if (c === '{') {
    const m = /^\{(\d+)(,(\d*))?\}/.exec(source.slice(i));
    if (!m) return undefined;
    const min = Number(m[1]);
    const max = m[2] === undefined ? min : m[3] === '' ? Number.POSITIVE_INFINITY : Number(m[3]);
    [length, repeats] = [m[0].length, max > 1];
  } else return undefined;
  if (source[i + length] === '?') length++;
  return { length, repeats };
}

function overlapping(alternatives: string[]): boolean {
  for (const [i, a] of alternatives.entries()) {
    if (a === '') return true;
    for (const b of alternatives.slice(i + 1))
      if (b === '' || a.startsWith(b) || b.startsWith(a)) return true;
  }
  return false;
}

/** Why the pattern could backtrack catastrophically, or undefined when it is safe to run. */
export function backtrackingProblem(source: string): string | undefined {
  const stack: Frame[] = [{ repeats: false, alternatives: [], start: 0 }];
  let altStart = 0;
  const altStarts: number[] = [];
  let lastGroup: Frame | undefined;
  for (let i = 0; i < source.length; ) {
    const c = source[i]!;
    const top = stack[stack.length - 1]!;
    if (c === '\\') {
      const next = source[i + 1] ?? '';
      if (/[1-9]/.test(next) || (next === 'k' && source[i + 2] === '<'))
        return `uses a backreference (${source.slice(i, i + 2)}), which can take exponential time`;
      i += 2;
      lastGroup = undefined;
    } else if (c === '[') {
      let j = i + 1;
      if (source[j] === '^') j++;
      if (source[j] === ']') j++;
      while (j < source.length && source[j] !== ']') j += source[j] === '\\' ? 2 : 1;
      i = j + 1;
      lastGroup = undefined;
    } else if (c === '(') {
      altStarts.push(altStart);
      let j = i + 1;
      if (source[j] === '?') {
        const m = /^\?(?:[:=!]|<[=!]|<[A-Za-z_$][\w$]*>)/.exec(source.slice(j));
        j += m ? m[0].length : 1;
      }
      stack.push({ repeats: false, alternatives: [], start: j });
      altStart = j;
      i = j;
      lastGroup = undefined;
    } else if (c === '|') {
      top.alternatives.push(source.slice(altStart, i));
      altStart = i + 1;
      i++;
      lastGroup = undefined;
    } else if (c === ')' && stack.length > 1) {
      const frame = stack.pop()!;
      frame.alternatives.push(source.slice(altStart, i));
      altStart = altStarts.pop() ?? 0;
      const parent = stack[stack.length - 1]!;
      if (frame.repeats) parent.repeats = true;
      lastGroup = frame;
      i++;
    } else {
      const q = quantifierAt(source, i);
      if (q) {
        if (q.repeats) {
          if (lastGroup?.repeats)
            return `repeats a group that itself repeats (at character ${i + 1}): nested quantifiers can take exponential time`;
          if (lastGroup && lastGroup.alternatives.length > 1 && overlapping(lastGroup.alternatives))
            return `repeats a group whose alternatives overlap (at character ${i + 1}): this can take exponential time`;
          top.repeats = true;
        }
        i += q.length;
      } else i++;
      lastGroup = undefined;
    }
  }
  return undefined;
}
