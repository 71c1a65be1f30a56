/**
 * NaN, +Inf and -Inf from Prometheus are never healthy and never 0 (issue 10, defect 2): every health check and
 * every diagnosis check that reads a number reports "unknown, because Prometheus returned …" instead.
 */
import * as assert from 'node:assert/strict';
import { evaluateHealth } from '../../../server/src/cluster/health';
import { above, below, duration, num, pct } from '../../../server/src/cluster/checks/common';
import { ALL_CHECKS } from '../../../server/src/cluster/checks';
import { ALL_DIAGNOSE_CHECKS } from '../../../server/src/diagnose/checks';
import { sumOf } from '../../../server/src/diagnose/util';
import { NonFiniteSample } from '../../../server/src/cluster/samples';
import { FakeProm, namesFor } from './fakeClient';
import { diagnose, httpFake, NAMES } from '../diagnose/fake';

const BAD: Array<[string, number]> = [['NaN', NaN], ['+Inf', Infinity], ['-Inf', -Infinity]];
const NOW = 1_700_000_000_000;

/** The queries a check issues when every answer is 1 (a plausible, finite value). */
async function queriesOf(id: string): Promise<string[]> {
  const fake = new FakeProm([[/./, 1]]);
  await evaluateHealth(fake, { names: namesFor(), only: [id as never], now: NOW });
  return [...new Set(fake.queries)];
}

describe('non-finite samples: health checks', () => {
  for (const def of ALL_CHECKS) {
    for (const [label, bad] of BAD) {
      it(`${def.id}: ${label} in any of its queries is unknown, naming the value and the query`, async () => {
        const queries = await queriesOf(def.id);
        assert.ok(queries.length > 0, 'the check issues queries');
        for (const q of queries) {
          const fake = new FakeProm([[{ test: (s: string) => s === q } as RegExp, bad], [/./, 1]]);
          const rep = await evaluateHealth(fake, { names: namesFor(), only: [def.id], now: NOW });
          const c = rep.checks[0];
          assert.equal(c.status, 'unknown', `${q} → ${label}: ${c.status} ${c.display}`);
          assert.ok(c.reason?.startsWith(`unknown, because Prometheus returned ${label} for `), c.reason);
          assert.ok(c.reason?.includes(q), c.reason);
          assert.equal(c.value, undefined);
          assert.equal(c.errorKind, undefined, 'a non-finite answer is not a failed query');
          assert.doesNotMatch(`${c.display} ${c.reason}`, /Infinity|NaN%/);
        }
      });
    }
  }

  it('the cluster rollup is never ok when core checks read NaN', async () => {
    const rep = await evaluateHealth(new FakeProm([[/./, NaN]]), { names: namesFor(), now: NOW });
    assert.equal(rep.status, 'unknown');
    assert.ok(rep.checks.every((c) => c.status === 'unknown'), JSON.stringify(rep.checks.map((c) => [c.id, c.status])));
  });
});

describe('non-finite samples: formatting and thresholds', () => {
  it('formatters print Prometheus spelling, never "Infinity%"', () => {
    assert.equal(pct(Infinity), '+Inf');
    assert.equal(pct(NaN), 'NaN');
    assert.equal(num(-Infinity), '-Inf');
    assert.equal(duration(Infinity), '+Inf');
  });
  it('threshold helpers answer unknown, never ok', () => {
    for (const [, v] of BAD) {
      assert.equal(above(v, 1, 2), 'unknown');
      assert.equal(below(v, 1, 2), 'unknown');
    }
  });
  it('a NaN/±Inf sample on the collector page is never summed as 0', () => {
    for (const [, v] of BAD) {
      assert.throws(() => sumOf([{ name: 'otelcol_receiver_accepted_metric_points', labels: {}, value: v }], 'otelcol_receiver_accepted_metric_points'), NonFiniteSample);
    }
  });
});

const COLLECTOR_NAMES_EXTRA = ['otelcol_receiver_accepted_metric_points', 'otelcol_receiver_refused_metric_points', 'otelcol_exporter_send_failed_metric_points', 'otelcol_exporter_sent_metric_points', 'otelcol_process_memory_rss', 'otelcol_processor_refused_metric_points'];

describe('non-finite samples: diagnosis checks', () => {
  for (const [label, bad] of BAD) {
    it(`collector-receiving: ${label} from Prometheus is unknown, not "accepts no metric points"`, async () => {
      const { report } = await diagnose({ names: [...NAMES, ...COLLECTOR_NAMES_EXTRA], rules: [[/otelcol_receiver_accepted/, [{ metric: { receiver: 'otlp' }, value: bad }]]] }, ['collector-receiving']);
      assert.equal(report.findings.length, 0, JSON.stringify(report.findings));
      assert.equal(report.skipped[0]?.id, 'collector-receiving');
      assert.match(report.skipped[0].reason, new RegExp(`^unknown, because Prometheus returned ${label.replace('+', '\\+')} for sum by \\(receiver\\)`));
    });
    it(`collector-receiving: ${label} on the collector's metrics page is unknown`, async () => {
      const h = httpFake({ 'http://col:8888/metrics': { status: 200, contentType: 'text/plain', text: `otelcol_receiver_accepted_metric_points{receiver="otlp"} ${label}\n` } });
      const { report } = await diagnose({}, ['collector-receiving'], { collectorMetricsUrl: 'http://col:8888/metrics', http: h.fn });
      assert.equal(report.findings.length, 0, JSON.stringify(report.findings));
      assert.match(report.skipped[0]?.reason ?? '', /^unknown, because the collector's metrics page returned/);
    });
  }

  // Every diagnosis check, with each of its queries answering NaN/±Inf in turn: no check passes on such a value
  // and none prints "Infinity" or "NaN%".
  for (const def of ALL_DIAGNOSE_CHECKS) {
    it(`${def.id}: never passes on, nor prints, a non-finite answer`, async () => {
      const base = await diagnose({}, [def.id]);
      const queries = [...new Set(base.fake.queries.filter((q) => !q.startsWith('range:') && q !== 'vector(1)'))];
      for (const q of queries) {
        for (const [label, bad] of BAD) {
          const { report } = await diagnose({ rules: [[{ test: (s: string) => s === q } as RegExp, bad]] }, [def.id]);
          const text = JSON.stringify(report.findings) + JSON.stringify(report.skipped);
          assert.doesNotMatch(text, /Infinity|NaN%/, `${q} → ${label}`);
          // Either the value decided the verdict (then it is unknown, naming the value), or it was only evidence
          // that was left out (then the verdict is the one the other answers give).
          const state = report.checks[0]?.state;
          const reason = report.checks[0]?.reason ?? '';
          const unknown = state === 'skipped' && /returned (NaN|\+Inf|-Inf) for /.test(reason);
          assert.ok(unknown || state === base.report.checks[0]?.state, `${q} → ${label}: ${state} ${reason}`);
        }
      }
    });
  }
});
