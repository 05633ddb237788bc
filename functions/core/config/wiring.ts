/**
 * Whether a plane can write every provider its records use, checked once at start: a plane without a
 * provider's adapter (no token, no credentials) fails with a ConfigError naming what to set, instead of
 * every tick failing the same way and calling it retryable.
 */
import { ConfigError, type Issue } from '../errors';
import type { PlaneId, ProviderName } from '../types';
import type { Config } from './model';

/** The providers the records use that `wired` lacks, each with `how` to wire it on this plane. */
export function wiringIssues(
  config: Config,
  plane: PlaneId,
  wired: Partial<Record<ProviderName, unknown>>,
  how: Partial<Record<ProviderName, string>>,
): Issue[] {
  const users = new Map<ProviderName, string[]>();
  for (const record of config.records)
    for (const provider of record.providers)
      users.set(provider, [...(users.get(provider) ?? []), record.key]);
  const issues: Issue[] = [];
  for (const [provider, records] of users) {
    if (wired[provider]) continue;
    const shown =
      records.length > 3
        ? `${records.slice(0, 3).join(', ')} and ${records.length - 3} more`
        : records.join(', ');
    issues.push({
      path: `providers.${provider}`,
      message: `${shown} use ${provider}, but the ${plane} plane has no ${provider} adapter${how[provider] ? `: ${how[provider]}` : ''}`,
    });
  }
  return issues;
}

/** Throws the ConfigError of `wiringIssues`, when there is one. */
export function requireWiring(...args: Parameters<typeof wiringIssues>): void {
  const issues = wiringIssues(...args);
  if (issues.length > 0) throw new ConfigError(issues, { source: `of the ${args[1]} plane` });
}
