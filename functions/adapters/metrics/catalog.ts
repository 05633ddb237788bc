/**
 * Every metric family a plane exports, with its Prometheus name, type and help text: the one list the
 * Prometheus renderer, the dashboard and the parity tests read. The core measures durations in
 * milliseconds (CloudWatch takes them with a unit); Prometheus gets seconds, as its conventions ask.
 */
import type { MetricKind } from './prometheus';

/** Upper bounds (ms) of the duration histograms: from a fast loopback answer to a probe timeout. */
export const LATENCY_BUCKETS_MS = [5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000];

/** Adds one observation to per-bucket (not cumulative) counts laid out as LATENCY_BUCKETS_MS. */
export function addToBuckets(counts: number[], value: number): void {
  const i = LATENCY_BUCKETS_MS.findIndex((le) => value <= le);
  if (i >= 0) counts[i] = (counts[i] ?? 0) + 1;
}

export const FAMILIES: Record<string, { type: MetricKind; help: string }> = {
  probes_total: { type: 'counter', help: 'Probes run, by check and outcome class.' },
  probe_latency_seconds: { type: 'histogram', help: 'Probe latency, by check.' },
  tick_duration_seconds: { type: 'histogram', help: 'Wall time of one tick, by plane.' },
  ticks_total: { type: 'counter', help: 'Ticks run, by outcome.' },
  last_tick_timestamp_seconds: { type: 'gauge', help: 'Unix time the last tick finished, by plane.' },
  transitions_total: { type: 'counter', help: 'Record transitions committed, by record and kind.' },
  provider_reads_total: { type: 'counter', help: 'Provider zone reads, by zone and outcome.' },
  provider_writes_total: { type: 'counter', help: 'Provider writes, by provider and outcome.' },
  beacon_age_seconds: { type: 'gauge', help: "Age of each peer plane's newest beacon when last read." },
  control_requests_total: { type: 'counter', help: 'Manual and API requests, by action and outcome.' },
  record_epoch: { type: 'gauge', help: 'Epoch of each record: its transitions so far.' },
  record_active_pool: { type: 'gauge', help: '1 for the pool a record answers with, 0 for its others.' },
  record_pinned: { type: 'gauge', help: '1 while a record is pinned to a pool.' },
  record_holding: { type: 'gauge', help: '1 while every pool of a record is unhealthy (fail-static).' },
  kv_outbox_pending: { type: 'gauge', help: 'Worker only: KV copies waiting for their write slot.' },
};

/** The Prometheus name of a core metric: `_ms` durations become `_seconds`. */
export const prometheusName = (name: string) => name.replace(/_ms$/, '_seconds');
/** What a core value is divided by to give the Prometheus one. */
export const prometheusDivisor = (name: string) => (name.endsWith('_ms') ? 1_000 : 1);
