/**
 * The Worker that runs the 10-record tick inside workerd for bench/cpu/workerd.ts: one plane per
 * isolate, one route per step; CPU is read from outside, per request.
 */
import { primeTickPath } from '../../functions/adapters/memory/prime';
import { loadBuiltConfig } from '../../functions/core/config/built';
import { BenchPlane, transitions } from './fixture';

/** The built config, put in by bench/cpu/workerd.ts at bundle time (as the Worker build embeds its own). */
declare const BENCH_BUILT_CONFIG: unknown;
/** Whether the isolate primes its tick path at start, as the Worker does (functions/worker/coordinator.ts). */
declare const BENCH_PRIME: boolean;

const built: unknown = BENCH_BUILT_CONFIG;
const primed = BENCH_PRIME
  ? primeTickPath(loadBuiltConfig(built, 'run bench/cpu/config.ts tenRecordBuilt'), 'aws')
  : Promise.resolve(undefined);

let plane: BenchPlane | undefined;

export default {
  async fetch(request: Request): Promise<Response> {
    const step = new URL(request.url).pathname.slice(1);
    if (step === 'noop') return new Response('ok');
    if (step === 'primed') return Response.json((await primed) ?? null);
    if (step === 'first') plane = new BenchPlane(built);
    if (!plane) return new Response('call /first before /tick', { status: 409 });
    // A second plane's first tick: the first tick's work again, on code compiled and run once.
    if (step === 'second') {
      const report = await new BenchPlane(structuredClone(built)).tick();
      return Response.json({ transitions: transitions(report), warnings: report.warnings.length });
    }
    if (step === 'down') {
      plane.primariesDown();
      return new Response('ok');
    }
    if (step !== 'first' && step !== 'tick') return new Response('unknown step', { status: 404 });
    const report = await plane.tick();
    return Response.json({ transitions: transitions(report), warnings: report.warnings.length });
  },
};
