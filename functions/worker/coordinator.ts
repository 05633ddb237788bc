/**
 * The Durable Object every tick and manual action of the Cloudflare plane runs in. One instance, so one
 * writer: work is serialised (a manual action waits for a running tick, and then sees its outcome), the
 * authoritative state and its version live in the object's SQLite storage, and Workers KV receives a
 * copy through the outbox, paced within KV's per-key write limit.
 */
import { DurableObject } from 'cloudflare:workers';
import { DurableObjectMetrics } from '../adapters/durable-object/metrics';
import { KvOutbox } from '../adapters/durable-object/outbox';
import { Serial } from '../adapters/durable-object/serial';
import { DurableObjectStateStore } from '../adapters/durable-object/store';
import { type Primed, primeTickPath } from '../adapters/memory/prime';
import { renderPrometheus } from '../adapters/metrics/prometheus';
import { gauge, stateGauges } from '../adapters/metrics/state-gauges';
import { systemClock } from '../adapters/system/clock';
import { jsonLogger } from '../adapters/system/logger';
import type { Config } from '../core/config/model';
import type { PlaneDeps } from '../core/deps';
import { dispatch } from '../core/dispatch';
import { driftDue } from '../core/drift';
import { parseDuration } from '../core/duration';
import { formatIssues } from '../core/errors';
import { notApplied } from '../core/manual';
import type { Logger } from '../core/ports';
import { logEvents, summarizeTick, type TickSummary } from '../core/summary';
import { runTick } from '../core/tick';
import { answerVerdict, type VerdictAnswer } from '../core/verdict';
import { environmentIssues, workerConfig } from './config';
import { planeDeps } from './deps';
import { type Env, secret } from './env';
import { type ApiResult, errorResult, fail, ok } from './http';
import { nextRoundAt, ROUND_KEY, roundsMode } from './rounds';

type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const LEVELS = new Set(['debug', 'info', 'warn', 'error']);
/**
 * Probes open at once, for ticks and manual runs alike: a Worker invocation keeps 6 connections open and
 * further ones queue with their probe's timer running, so a larger limit would only turn waiting into
 * timeouts.
 */
const PROBES = { probeConcurrency: 6, probeMaxOpen: 6 };

/**
 * The tick's code, compiled and run once as the isolate starts (on in-memory copies of a few of the
 * config's records, see prime.ts), so the first Cron tick of a fresh isolate pays for its work, not for
 * compiling it. A config that does not load primes nothing; the tick reports why.
 */
export const primed: Promise<Primed | undefined> = (() => {
  try {
    return primeTickPath(workerConfig(), 'cloudflare', PROBES);
  } catch {
    return Promise.resolve(undefined);
  }
})();

export class PlaneCoordinator extends DurableObject<Env> {
  /**
   * The plane's state lock (PlaneDeps.exclusive): held from plan to commit by ticks, rounds and manual
   * actions alike, so a manual action waits for a round's writes, never for its probes.
   */
  private readonly serial = new Serial();
  /** Ticks and alarm rounds one at a time, so each round's view builds on the one before. */
  private readonly rounds = new Serial();
  private readonly outbox: KvOutbox;
  private readonly store: DurableObjectStateStore;
  private readonly metrics: DurableObjectMetrics;
  private readonly logger: Logger;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    const level = LEVELS.has(env.LOG_LEVEL ?? '') ? (env.LOG_LEVEL as LogLevel) : 'info';
    this.logger = jsonLogger({ level, base: { plane: 'cloudflare' } });
    const beaconMs = parseDuration(env.KV_BEACON_INTERVAL ?? '60s') ?? 60_000;
    this.outbox = new KvOutbox(ctx.storage, env.STATE, systemClock, {
      intervalMs: (key) => (key.startsWith('beacon:') ? Math.max(1_000, beaconMs) : 1_000),
    });
    this.store = new DurableObjectStateStore(ctx.storage, this.outbox);
    this.metrics = new DurableObjectMetrics(ctx.storage);
  }

  /**
   * One scheduled tick (the Cron Trigger), which also re-arms the round alarm. Throws ConfigError when
   * the bundled config is invalid, so the cron run fails.
   */
  tick(): Promise<TickSummary> {
    return this.rounds.run(async () => {
      try {
        return await this.round('tick');
      } finally {
        await this.settle();
      }
    });
  }

  /** One one-round tick, then the time of the next round stored for the alarm. */
  private async round(kind: 'tick' | 'round'): Promise<TickSummary> {
    const config = workerConfig();
    const deps = await this.deps(config);
    const report = await runTick(deps, { drift: driftDue(deps.clock.now()), ...PROBES });
    const summary = summarizeTick(report);
    logEvents(this.logger, report.events);
    this.logger[kind === 'tick' ? 'info' : 'debug'](kind, { ...summary, rounds: report.rounds });
    const next =
      roundsMode(this.env.PROBE_ROUNDS) === 'alarm'
        ? nextRoundAt(config, (await this.store.loadBeacon('cloudflare'))?.view, deps.clock.now())
        : undefined;
    if (next === undefined) await this.ctx.storage.delete(ROUND_KEY);
    else await this.ctx.storage.put(ROUND_KEY, next);
    return summary;
  }

  /** Runs an API request (validated by the core before anything is written). Never throws. */
  async control(input: unknown, by: string): Promise<ApiResult> {
    try {
      const out = await dispatch(await this.deps(workerConfig()), input, by, PROBES);
      if (
        out.action === 'failover' ||
        out.action === 'failback' ||
        out.action === 'pin' ||
        out.action === 'unpin'
      ) {
        const { record } = out.result;
        this.logger.info('manual action', {
          action: out.action,
          by,
          record: record.record,
          decision: record.decision,
        });
        const refused = notApplied(out.result);
        if (refused)
          return fail(
            502,
            { type: 'NotAppliedError', message: refused, retryable: true },
            { result: out.result },
          );
      }
      return ok(out.result);
    } catch (error) {
      return errorResult(error);
    } finally {
      await this.settle();
    }
  }

  /**
   * A Route 53 health checker's question, answered from this object's storage (strongly consistent) and
   * not queued behind a running tick: the verdict is whatever state is committed now.
   */
  async verdict(pathname: string): Promise<VerdictAnswer> {
    const config = workerConfig();
    const name = config.planes.verdicts?.secret.secret;
    return answerVerdict(
      {
        config,
        secret: name ? secret(this.env, name) : undefined,
        loadState: async (key) => (await this.store.loadRecords()).get(key)?.value,
      },
      pathname,
    );
  }

  /**
   * This plane's beacon from the Durable Object's storage (strongly consistent, unlike its KV copy), for
   * peers that read it over the API after every probe round. Not serialised: one storage read.
   */
  async beacon(): Promise<ApiResult> {
    const beacon = await this.store.loadBeacon('cloudflare');
    return beacon
      ? ok({ ok: true, result: beacon })
      : fail(404, { type: 'NotFoundError', message: 'no beacon published yet', retryable: true });
  }

  async metricsText(): Promise<string> {
    const config = workerConfig();
    const gauges = stateGauges(config, 'cloudflare', await this.store.loadRecords());
    gauges.push(gauge('kv_outbox_pending', this.outbox.pending().length));
    return renderPrometheus([...this.metrics.snapshot(), ...gauges]);
  }

  /** Runs the probe round that is due, and writes the KV copies that were not yet due before. */
  override async alarm(): Promise<void> {
    await this.rounds.run(async () => {
      try {
        const due = await this.ctx.storage.get<number>(ROUND_KEY);
        if (due !== undefined && due <= systemClock.now()) await this.round('round');
      } catch (error) {
        // The cron's next tick re-arms the rounds; an alarm that throws would only be retried.
        this.logger.error('probe round failed', {
          error: error instanceof Error ? error.message : String(error),
        });
      } finally {
        await this.settle();
      }
    });
  }

  private async deps(config: Config): Promise<PlaneDeps> {
    const issues = environmentIssues(config, this.env);
    if (issues.length > 0)
      this.logger.warn('the Worker is missing settings', { issues: formatIssues(issues) });
    const deps = await planeDeps(config, this.env, {
      store: this.store,
      metrics: this.metrics,
      logger: this.logger,
    });
    return { ...deps, exclusive: <T>(fn: () => Promise<T>) => this.serial.run(fn) };
  }

  /** Flushes metrics and the KV copies and re-arms the alarm, one caller at a time. */
  private settle(): Promise<void> {
    return this.serial.run(() => this.flushAndArm());
  }

  private async flushAndArm(): Promise<void> {
    this.metrics.flush();
    const result = await this.outbox.flush();
    for (const error of result.errors) this.logger.warn('KV mirror write failed; retrying', { error });
    // One alarm serves both: the next KV copy due and the next probe round due.
    const round = await this.ctx.storage.get<number>(ROUND_KEY);
    const next = Math.min(result.nextDue ?? Number.POSITIVE_INFINITY, round ?? Number.POSITIVE_INFINITY);
    if (Number.isFinite(next)) await this.ctx.storage.setAlarm(next);
  }
}
