/**
 * Text order for sorting names and labels: by UTF-16 code unit, the same in every runtime and locale.
 * Not localeCompare: its first call builds ICU's collator, which costs about 14 ms of CPU in a fresh
 * Node process or Worker isolate, more than a whole tick on the Workers Free plan may use.
 */
export const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
