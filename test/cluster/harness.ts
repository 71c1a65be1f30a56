/**
 * Reusable harness for tests against a real Prometheus (Debian package `prometheus`) running a simulator
 * scenario. Suites skip themselves when the binaries are not installed.
 */
import { startPrometheus, prometheusAvailable, type RunningPrometheus, type StartOptions } from '../../demo/simulator/prometheus';
import type { ScenarioName } from '../../demo/simulator/model';
import { PrometheusClient } from '../../server/src/cluster/prometheus';

export interface PromFixture {
  prom: RunningPrometheus;
  client: PrometheusClient;
}

/**
 * Mocha helper: starts Prometheus for `scenario` in `before`, stops it (SIGTERM by PID) in `after`.
 * Returns a getter because the fixture only exists once `before` ran.
 */
export function usePrometheus(scenario: ScenarioName, opts: Omit<StartOptions, 'scenario'> = {}): () => PromFixture {
  let fx: PromFixture | undefined;
  before(async function () {
    if (!prometheusAvailable()) {
      // eslint-disable-next-line no-console
      console.warn('    (skipped: install prometheus with apt-get install -y --no-install-recommends prometheus)');
      this.skip();
    }
    this.timeout(60_000);
    const prom = await startPrometheus({ scenario, ...opts });
    fx = { prom, client: new PrometheusClient({ url: prom.url, proxy: 'none', timeoutMs: 10_000 }) };
  });
  after(async function () {
    this.timeout(20_000);
    if (fx) {
      await fx.client.close();
      await fx.prom.stop();
      fx = undefined;
    }
  });
  return () => {
    if (!fx) throw new Error('Prometheus fixture not started');
    return fx;
  };
}

export async function waitFor<T>(fn: () => Promise<T | undefined>, timeoutMs: number, intervalMs = 250): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
