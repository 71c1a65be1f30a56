import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { renderExposition, renderOpenMetricsHistory } from '../../../demo/simulator/backfill';
import { collectorSim } from '../../../demo/simulator/collector';
import { ClusterModel, SCENARIO_NAMES, type ScenarioName } from '../../../demo/simulator/model';

/** The simulated clusters run on the wall clock for as long as the demo runs (issue 11): an injected clock, no sleeps. */
const END = Date.UTC(2026, 0, 1, 12, 0, 0);
const HOUR = 3600_000;

function parse(text: string): Map<string, number> {
  const m = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const i = line.lastIndexOf(' ');
    m.set(line.slice(0, i), Number(line.slice(i + 1)));
  }
  return m;
}

const value = (page: Map<string, number>, prefix: string, labels = '') =>
  [...page.entries()].filter(([k]) => k.startsWith(prefix) && k.includes(labels)).reduce((a, [, v]) => a + v, 0);

describe('demo simulator: live for hours', () => {
  it('every scenario but telemetry-stopped serves samples hours past the history end', () => {
    for (const name of SCENARIO_NAMES) {
      const model = new ClusterModel({ scenario: name, endMs: END });
      for (const h of [0.01, 6]) {
        const page = renderExposition(model, END + h * HOUR);
        if (name === 'telemetry-stopped') assert.equal(page, '', `${name} serves nothing ${h} h later`);
        else assert.ok(page.includes('nativelink_worker_connected_count'), `${name} is empty ${h} h after the history end`);
      }
    }
  });

  it('each scenario keeps its state: a backlog stays a backlog, the healthy cluster stays healthy', () => {
    const models = new Map<ScenarioName, ClusterModel>();
    const at = (scenario: ScenarioName, tMs: number) => {
      if (!models.has(scenario)) models.set(scenario, new ClusterModel({ scenario, endMs: END }));
      return parse(renderExposition(models.get(scenario)!, tMs));
    };
    for (const h of [0, 3, 8]) {
      const t = END + h * HOUR;
      const healthyQueued = value(at('healthy', t), 'nativelink_execution_active_count', 'execution_stage="queued"');
      assert.ok(healthyQueued < 30, `healthy queue ${healthyQueued} at +${h} h`);
      const backlog = value(at('queue-backlog', t), 'nativelink_execution_active_count', 'execution_stage="queued"');
      assert.ok(backlog > 200, `backlog ${backlog} at +${h} h`);
      const workers = value(at('worker-flapping', t), 'nativelink_worker_connected_count');
      assert.equal(workers, 5, `flapping cluster at +${h} h`);
    }
  });

  it('history and live values join without a gap or a counter jump', () => {
    const model = new ClusterModel({ scenario: 'healthy', endMs: END });
    const history = renderOpenMetricsHistory(model);
    const key = 'nativelink_execution_completed_count_total';
    const lastHist = history.split('\n').filter((l) => l.startsWith(key) && l.includes('execution_result="success"')).pop()!;
    const [, v, ts] = /\} (\S+) (\S+)$/.exec(lastHist)!;
    assert.equal(Number(ts) * 1000, END, 'the history reaches its end');
    const live = new ClusterModel({ scenario: 'healthy', endMs: END });
    let prev = Number(v);
    // 5 minutes of 15 s scrapes after the end: monotonic, and never more than a few seconds' worth of executions.
    for (let s = 15; s <= 300; s += 15) {
      const now = value(parse(renderExposition(live, END + s * 1000)), key, 'execution_result="success"');
      assert.ok(now >= prev, `counter went back at +${s} s`);
      assert.ok(now - prev < 15 * 12 * 0.4 * 2, `counter jumped by ${now - prev} at +${s} s`);
      prev = now;
    }
  });

  it('an aged model looks like the cluster that long into the demo (anchor before the history end)', () => {
    const aged = new ClusterModel({ scenario: 'telemetry-stopped', endMs: END, anchorMs: END - 10 * 60_000 });
    assert.equal(aged.alive(END / 1000 - 31 * 60), true, 'alive until 20 min before its anchor');
    assert.equal(aged.alive(END / 1000 - 29 * 60), false, 'stopped from 20 min before its anchor');
    const flap = new ClusterModel({ scenario: 'worker-flapping', endMs: END, anchorMs: END - 10 * 60_000 });
    assert.equal(value(parse(renderExposition(flap, END)), 'nativelink_worker_connected_count'), 5);
  });

  it('the collector keeps accepting points while NativeLink exports, and stops with it', () => {
    const healthy = collectorSim(new ClusterModel({ scenario: 'healthy', endMs: END }));
    const accepted = (sim: ReturnType<typeof collectorSim>, t: number) => value(parse(sim.page(t)), 'otelcol_receiver_accepted_metric_points');
    assert.ok(accepted(healthy, END + 6 * HOUR) > accepted(healthy, END + 6 * HOUR - 60_000));
    assert.equal(healthy.health(END + 6 * HOUR).status, 200);
    const stopped = collectorSim(new ClusterModel({ scenario: 'telemetry-stopped', endMs: END }));
    assert.equal(accepted(stopped, END + HOUR), accepted(stopped, END), 'nothing accepted after NativeLink stopped');
    assert.ok(accepted(stopped, END - 30 * 60_000) > accepted(stopped, END - 40 * 60_000), 'accepted before the stop');
    // The page spells names as the collector serves them: no _total, no unit suffix, no job/instance of its own.
    assert.match(healthy.page(END), /^otelcol_exporter_sent_metric_points\{exporter="prometheus"\} \d+$/m);
    assert.doesNotMatch(healthy.page(END), /_total[{ ]|job=/);
  });
});

describe('demo sample workspace', () => {
  it('carries no error, warning or deprecation hint of ours (only advice a user may take or leave)', () => {
    const root = join(__dirname, '..', '..', '..', '..');
    const files = ['nativelink.json5', 'otel-collector-config.yaml'].map((f) => join(root, 'demo', 'workspace', f));
    const p = spawnSync(process.execPath, [join(root, 'dist', 'cli.js'), 'config', '--format', 'json', ...files], { encoding: 'utf8' });
    const results = JSON.parse(p.stdout) as Array<{ file: string; kind: string; diagnostics: Array<{ severity: string; code: string }> }>;
    assert.deepEqual(results.map((r) => r.kind), ['nativelink', 'collector']);
    const bad = results.flatMap((r) => r.diagnostics.filter((d) => d.severity !== 'information').map((d) => `${r.file}: ${d.severity} ${d.code}`));
    assert.deepEqual(bad, []);
  });
});
