/** Helpers of the workerd suite: the Worker's entry points, and the fake's control surface. */
import { createScheduledController, reset } from 'cloudflare:test';
import { env, exports } from 'cloudflare:workers';
import { inject } from 'vitest';
import worker from '../../functions/worker/index';
import { API_TOKEN, INTERVAL_MS, ZONE_ID } from './fixtures';

export interface ZoneRecord {
  id: string;
  name: string;
  type: string;
  content: string;
  ttl: number;
  proxied: boolean;
}

const fakeUrl = () => inject('fakeUrl');

export async function control<T = unknown>(path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${fakeUrl()}/__fake${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    ...(body === undefined
      ? {}
      : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
  });
  if (!response.ok) throw new Error(`fake control ${path}: ${response.status}`);
  return (await response.json()) as T;
}

export const setOrigin = (pool: string, status: number) => control(`/origins/${pool}`, { status });
export const zoneRecords = () => control<ZoneRecord[]>(`/zones/${ZONE_ID}/records`);
export const apiWrites = async () =>
  (await control<{ method: string; path: string; status: number }[]>('/requests')).filter(
    (r) => r.method === 'POST',
  );

/** A fresh start: empty zone, healthy origins, empty KV and Durable Object storage. */
export async function freshStart() {
  await control('/reset', {});
  await reset();
}

/** Waits until every check is due again, so the next scheduled tick probes it. */
export const nextRound = () => new Promise((resolve) => setTimeout(resolve, INTERVAL_MS));

/** Fires the Cron Trigger once: the Worker's scheduled handler with the real KV and DO bindings. */
export async function cron() {
  await worker.scheduled(createScheduledController({ cron: '* * * * *', scheduledTime: Date.now() }), env);
}

export function api(path: string, init: RequestInit & { token?: string | null } = {}) {
  const { token = API_TOKEN, ...rest } = init;
  const headers = new Headers(rest.headers);
  if (token !== null) headers.set('authorization', `Bearer ${token}`);
  return exports.default.fetch(`https://twinplane.example${path}`, { ...rest, headers });
}

export const post = (path: string, body?: unknown, token?: string | null) =>
  api(path, {
    method: 'POST',
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    ...(token === undefined ? {} : { token }),
  });

/** The zone as `name TYPE ttl proxied content`, sorted, for readable assertions. */
export async function zoneLines(): Promise<string[]> {
  return (await zoneRecords())
    .map((r) => `${r.name} ${r.type} ${r.ttl} ${r.proxied ? 'proxied' : 'dns-only'} ${r.content}`)
    .sort();
}
