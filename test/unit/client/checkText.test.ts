import * as assert from 'node:assert/strict';
import { lineChartSvg } from '../../../client/src/cluster/chart';
import { checkUnit, clusterSummary, evidenceUnit, scaled, shortDescription, shortTitle } from '../../../client/src/cluster/checkText';
import type { CheckResult } from '../../../server/src/cluster/types';

const check = (id: CheckResult['id'], status: CheckResult['status'], display: string, value?: number): CheckResult => ({ id, area: 'queue', title: id, status, display, promql: 'x', docs: 'https://example.invalid', measuredAt: 0, ...(value === undefined ? {} : { value }) });

/** Tree rows fit the default side-bar width (issue 11: "1.5% of e…"); the tooltip keeps the long text. */
describe('health tree texts', () => {
  it('rows carry the value and its unit in a few characters', () => {
    const rows = [
      check('execution-error-rate', 'ok', '1.5% of executions failed (last 5m)', 0.015),
      check('queue-depth', 'warning', '357 actions queued', 357),
      check('worker-utilization', 'ok', '75% of connected workers busy', 0.75),
      check('cache-latency-p95', 'warning', 'slowest p95 3.37 s (last 5m)', 3.37),
      check('component-up', 'ok', '3 NativeLink processes reporting; collector target up', 3),
      check('data-freshness', 'ok', 'newest sample 5.71 s old', 5.71),
    ].map(shortDescription);
    assert.deepEqual(rows, ['1.5% failed', '357 queued', '75% busy', '3.37 s', '3 up', '5.71 s old']);
    for (const r of rows) assert.ok(r.length <= 12, r);
  });

  it('every row fits the default side-bar width: label and value in about 30 characters', () => {
    const rows: Array<[CheckResult['id'], string, number, string]> = [
      ['component-up', '3 NativeLink processes reporting; collector target up', 3, 'NativeLink components reporting'],
      ['data-freshness', 'newest sample 5.71 s old', 5.71, 'NativeLink metrics are fresh'],
      ['out-of-order-samples', 'no samples rejected', 0, 'Out-of-order samples'],
      ['retry-rate', '0.5 retries per 100 executions (last 5m)', 0.005, 'Execution retries'],
      ['workers-connected', '16 workers connected', 16, 'Connected workers'],
      // The checks on the remaining v1.6.6 instruments, with their real titles and displays.
      ['rpc-error-rate', '0.02% of gRPC calls failed on the server (last 5m)', 0.0002, 'gRPC server errors'],
      ['rpc-cache-latency-p95', 'p95 2.4 s for the slowest cache service (last 5m)', 2.4, 'Cache service latency (p95, gRPC)'],
      ['scheduler-matching', '0.0% of matching passes failed (last 5m)', 0, 'Scheduler matching'],
      ['fast-tier-hit-rate', '87.7% of fast_slow reads served by the fast tier (last 5m)', 0.877, 'Fast tier share of reads (fast_slow)'],
      ['backend-connections', '12.5% of acquisitions waited (worst pool), 0.2 reconnects/min (last 5m)', 0.125, 'Backend connections (Redis / gRPC pools)'],
      ['worker-keepalives', 'one keepalive every 2.5 s per worker (last 5m)', 2.5, 'Worker keepalives'],
      ['workers-draining', '0 of 16 connected workers draining or paused', 0, 'Draining or paused workers'],
      ['component-health', 'every component healthy (last 5m)', 0, 'Component health checks'],
      ['execution-stage-split', '31.0% of stage time spent fetching inputs and uploading outputs (last 5m)', 0.31, 'Time spent moving data vs executing'],
    ];
    for (const [id, display, value, title] of rows) {
      const c = { ...check(id, 'ok', display, value), title };
      const row = `${shortTitle(c)} ${shortDescription(c)}`;
      assert.ok(row.length <= 31, `${row} (${row.length})`);
    }
  });

  it('unknown and unexpected checks fall back to the display without its window or after-thoughts', () => {
    assert.equal(shortDescription(check('out-of-order-samples', 'unknown', 'not measured')), 'not measured');
    assert.equal(shortDescription(check('component-up', 'critical', 'collector scrape target "otel" is down', 3)), 'collector scrape target "otel" is down');
    assert.equal(shortDescription(check('future-check' as CheckResult['id'], 'ok', '12 things (last 5m); fine', 12)), '12 things');
  });

  it('a cluster line says how healthy it is (tree row and cluster picker)', () => {
    assert.equal(clusterSummary({ refreshing: false, report: { status: 'critical', counts: { ok: 9, warning: 2, critical: 1, unknown: 1 } } }), '1 critical, 2 warnings, 1 not measured');
    assert.equal(clusterSummary({ refreshing: false, report: { status: 'warning', counts: { ok: 11, warning: 1, critical: 0, unknown: 0 } } }), '1 warning');
    assert.equal(clusterSummary({ refreshing: false, report: { status: 'ok', counts: { ok: 12, warning: 0, critical: 0, unknown: 0 } } }), 'healthy');
    assert.equal(clusterSummary({ refreshing: true }), 'checking…');
  });
});

describe('chart units', () => {
  const series = [{ labels: {}, points: [[0, 0.02], [60_000, 0.03]] as Array<[number, number]> }];

  it('a check chart labels its axis and shows ratios as percentages', () => {
    const u = checkUnit('execution-error-rate')!;
    const svg = lineChartSvg(scaled(series, u), { width: 300, height: 100, unit: u.label });
    assert.match(svg, />% failed</);
    assert.match(svg, />3\.0</, 'the top of the axis is 3%, not 0.03');
  });

  it('an evidence chart takes its unit from the evidence value', () => {
    assert.deepEqual(evidenceUnit('357 actions queued, rising', series), { label: 'actions queued', scale: 1 });
    assert.deepEqual(evidenceUnit('2.5%', series), { label: '%', scale: 100 });
    assert.equal(evidenceUnit('no series', series), undefined);
  });

  it('escapes the unit', () => {
    assert.doesNotMatch(lineChartSvg(series, { width: 300, height: 100, unit: '<b>' }), /<b>/);
  });
});
