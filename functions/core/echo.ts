/**
 * Input quoted back in an error message or a log line is capped, so a 5 MB field cannot grow a
 * response past the platform's limit (Lambda answers at most 6 MB) or flood the logs.
 */
export const ECHO_MAX = 100;

/** The text as given when short; else its head and how long it was. */
export function echo(text: string, max = ECHO_MAX): string {
  return text.length <= max ? text : `${text.slice(0, max)}... (${text.length} characters)`;
}
