import * as assert from 'node:assert/strict';
import { applyFix, findings, kindOf, service, doc } from './helpers';
import { defaultSettings } from '../../../server/src/service/settings';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parsePromQL } from '../../../server/src/promql/parse';
import { engines } from '../../../server/src/service/engines';
import { ConfigLanguageService } from '../../../server/src/service/languageService';

const rules = (body: string) => `groups:\n  - name: g\n    rules:\n${body}`;
const only = (text: string, code: string) => findings(text).filter((f) => f.code === code);

describe('promrules: PromQL syntax errors at the exact spot', () => {
  it('inside a literal block scalar (|)', () => {
    const text = rules('      - record: a:b\n        expr: |\n          sum(\n            rate(nativelink_worker_connections_total[5m])\n          ) by (job,,)\n');
    const [e] = only(text, 'promql/syntax');
    assert.ok(e, 'a syntax error');
    assert.equal(e.line, 8, 'on the line of the error, not the expr key');
    const d = doc(text);
    const diag = service.diagnostics(d, defaultSettings).find((x) => x.code === 'promql/syntax')!;
    assert.equal(diag.range.start.character, text.split('\n')[7].indexOf(',,') + 1, 'at the second comma');
    // An unclosed call reports at the end of the last line, not on the line after the block.
    const [end] = only(rules('      - record: a:b\n        expr: |\n          sum(\n            rate(x[5m])\n'), 'promql/syntax');
    assert.equal(end.line, 7);
    assert.match(end.message, /unclosed "\("/);
  });

  it('inside a folded block scalar (>-) and after an unexpected token', () => {
    const text = rules('      - record: a:b\n        expr: >-\n          sum(rate(nativelink_worker_connections_total[5m]))\n          by (,)\n');
    const [e] = only(text, 'promql/syntax');
    assert.equal(e.line, 7);
    assert.equal(text.split('\n')[6].indexOf(',') + 1 > 0, true);
    assert.equal(e.at, ',');
  });

  it('inside plain, double-quoted and single-quoted scalars', () => {
    for (const [expr, bad] of [
      ['foo{bar=}', '}'],
      ['"foo{a=\\"b\\", c=}"', '}'],
      ["'foo{a=''b'', c=}'", '}'],
    ] as const) {
      const text = rules(`      - record: a:b\n        expr: ${expr}\n`);
      const [e] = only(text, 'promql/syntax');
      assert.ok(e, expr);
      const col = text.split('\n')[4].lastIndexOf(bad);
      const d = doc(text);
      const diag = service.diagnostics(d, defaultSettings).find((x) => x.code === 'promql/syntax')!;
      assert.equal(diag.range.start.character, col, `${expr}: error at the "${bad}"`);
    }
  });

  it('an unclosed parenthesis at the end says so', () => {
    const [e] = only(rules('      - record: a:b\n        expr: sum(rate(x[5m])\n'), 'promql/syntax');
    assert.match(e.message, /unclosed "\("/);
  });
});

// Found by the fuzzer (seed 20261206, doc 8948): an `expr` of 30,000 characters chaining `- *fa - *fa …` made
// lezer's tree building recurse past the stack; the rule failed with a RangeError on every keystroke.
describe('promrules: an absurdly long expression', () => {
  it('is not handed to the parser, and nothing is claimed about it (no error, no rule failure)', () => {
    const chain = `sum(rate(nativelink_execution_completed_count_total[5m])) ${'- x '.repeat(8000)}`;
    const parsed = parsePromQL(chain);
    assert.equal(parsed.tooComplex, true);
    assert.deepEqual(parsed.errors, []);
    const logged: string[] = [];
    const svc = new ConfigLanguageService(engines, (m) => logged.push(m));
    const text = `groups:\n  - name: g\n    rules:\n      - record: job:x\n        expr: ${chain}\n      - alert: A\n        expr: nativelink_cache_size > 1\n`;
    const ds = svc.diagnostics(TextDocument.create('file:///w/long.rules.yml', 'yaml', 1, text), defaultSettings);
    assert.deepEqual(logged, []);
    assert.ok(!ds.some((d) => d.code === 'promql/syntax'), JSON.stringify(ds));
    // The other rules are still checked.
    assert.ok(ds.some((d) => d.code === 'nativelink/metric-never-emitted'), JSON.stringify(ds));
    // An ordinary expression still parses.
    assert.equal(parsePromQL('a - b - c').tooComplex, undefined);
    // Found next (seed 20261206, doc 23246): 283 KB of backslashes cost lezer's error recovery 1.6 s.
    assert.equal(parsePromQL(`sum(n${'\\'.repeat(300_000)}`).tooComplex, true);
  });
});

describe('promrules: rule structure as promtool checks it', () => {
  const codes = (t: string) => findings(t).filter((f) => f.code.startsWith('promrules/')).map((f) => `${f.code} ${f.message.split(':')[0]}`);
  it('record and alert, neither, missing expr, bad durations, fields of recording rules', () => {
    const text = rules(
      [
        '      - record: a:b', '        alert: A', '        expr: up',
        '      - expr: up',
        '      - alert: NoExpr',
        '      - alert: BadFor', '        expr: up', '        for: 5 minutes', '        keep_firing_for: 1h5',
        '      - record: c:d', '        expr: up', '        for: 5m', '        annotations: {x: y}',
        '      - record: "e{f}"', '        expr: up',
        '      - record: g:h', '        expr: up', '        unknown_field: 1',
      ].join('\n') + '\n',
    );
    const got = findings(text).filter((f) => f.code.startsWith('promrules/')).map((f) => f.message);
    assert.ok(got.includes("only one of 'record' and 'alert' must be set"));
    assert.ok(got.includes("one of 'record' or 'alert' must be set"));
    assert.ok(got.includes("field 'expr' must be set in rule"));
    assert.ok(got.some((m) => m.startsWith('"for": not a valid duration string: "5 minutes"')));
    assert.ok(got.some((m) => m.startsWith('"keep_firing_for": not a valid duration string: "1h5"')));
    assert.ok(got.includes("invalid field 'for' in recording rule"));
    assert.ok(got.includes("invalid field 'annotations' in recording rule"));
    assert.ok(got.some((m) => m.startsWith('braces present in the recording rule name')));
    assert.ok(got.some((m) => m.startsWith('Unknown field "unknown_field" in a rule')));
  });

  it('group names: empty and repeated; duplicate rules (same name and labels) as a lint warning', () => {
    const text = 'groups:\n  - name: g\n    rules:\n      - record: a:b\n        expr: up\n      - record: a:b\n        expr: up * 2\n      - record: a:b\n        expr: up\n        labels: {x: "1"}\n  - name: g\n    rules: []\n  - name: ""\n    rules: []\n';
    const got = findings(text);
    assert.deepEqual(got.filter((f) => f.code === 'promrules/duplicate-rule').map((f) => [f.line, f.severity]), [[6, 2]]);
    assert.ok(got.some((f) => f.message === 'groupname: "g" is repeated in the same file' && f.line === 11));
    assert.ok(got.some((f) => f.message === 'Groupname must not be empty'));
    assert.deepEqual(codes('groups:\n  - name: ok\n    interval: 1m30s\n    rules:\n      - record: x:y\n        expr: up\n'), []);
  });

  it('alert templates: unclosed action, stray end, unbalanced parens; valid Go templates pass', () => {
    const t = (v: string) => findings(rules(`      - alert: A\n        expr: up == 0\n        annotations:\n          summary: '${v}'\n`)).filter((f) => f.code === 'promrules/template');
    assert.match(t('{{ $value')[0].message, /template: __alert_A: unclosed action/);
    assert.match(t('x {{ end }}')[0].message, /unexpected \{\{end\}\}/);
    assert.match(t('{{ if gt $value 1 }}x')[0].message, /has no \{\{end\}\}/);
    assert.match(t('{{ printf "%.2f" ($value }}')[0].message, /unclosed left paren/);
    assert.deepEqual(t('{{ $labels.instance }} {{ if gt $value 1.0 }}big{{ else }}small{{ end }} {{/* note */}}'), []);
    // Recording rules have no templates.
    assert.deepEqual(findings(rules("      - record: a:b\n        expr: up\n        labels:\n          x: '{{'\n")).filter((f) => f.code === 'promrules/template'), []);
  });
});

describe('promrules: what NativeLink emits', () => {
  const one = (expr: string) => findings(rules(`      - record: a:b\n        expr: '${expr}'\n`));

  it('never-emitted and invented metric names are warnings', () => {
    assert.deepEqual(one('nativelink_cache_entries').map((f) => [f.code, f.at, f.severity]), [['nativelink/metric-never-emitted', 'nativelink_cache_entries', 2]]);
    assert.deepEqual(one('sum(nativelink_scheduler_queue_length)').map((f) => f.code), ['nativelink/metric-never-emitted']);
    assert.deepEqual(one('up + on() group_left sum(node_cpu_seconds_total)'), [], 'other exporters are not ours to judge');
    // A name recorded by a rule of the same file is known.
    const text = rules("      - record: nativelink_custom_ratio\n        expr: vector(1)\n      - record: x:y\n        expr: nativelink_custom_ratio * 2\n");
    assert.deepEqual(findings(text), []);
  });

  it('suffix fixes: unit suffix, _total, namespace prefix', () => {
    const cases: [string, string, number][] = [
      ['rate(nativelink_execution_queue_time_bucket[5m])', 'rate(nativelink_execution_queue_time_seconds_bucket[5m])', 2],
      ['rate(nativelink_cache_io_total[5m])', 'rate(nativelink_cache_io_bytes_total[5m])', 2],
      ['rate(nativelink_worker_disconnections[5m])', 'rate(nativelink_worker_disconnections_total[5m])', 2],
      ['rate(nativelink_store_tier_io[5m])', 'rate(nativelink_store_tier_io_bytes_total[5m])', 2],
      ['rate(execution_completed_count_total[5m])', 'rate(nativelink_execution_completed_count_total[5m])', 3],
    ];
    for (const [before, after, severity] of cases) {
      const text = rules(`      - record: a:b\n        expr: ${before}\n`);
      const f = only(text, 'nativelink/metric-spelling');
      assert.equal(f[0]?.severity, severity, before);
      assert.equal(applyFix(text, 'nativelink/metric-spelling'), rules(`      - record: a:b\n        expr: ${after}\n`));
    }
    // Inside a JSON string with a quoted UTF-8 selector the fix keeps the string valid.
    const dash = JSON.stringify({ title: 'd', schemaVersion: 39, panels: [{ type: 'timeseries', targets: [{ expr: 'rate({"nativelink_cache_io_total"}[5m])' }] }] }, null, 2);
    const fixed = applyFix(dash, 'nativelink/metric-spelling', 'd.json');
    assert.equal(JSON.parse(fixed).panels[0].targets[0].expr, 'rate({"nativelink_cache_io_bytes_total"}[5m])');
  });

  it('a counter without rate() and rate() of a gauge', () => {
    assert.deepEqual(one('sum(nativelink_execution_completed_count_total)').map((f) => f.code), ['nativelink/counter-without-rate']);
    assert.deepEqual(one('histogram_quantile(0.9, sum by (le) (nativelink_execution_queue_time_seconds_bucket))').map((f) => f.code), ['nativelink/counter-without-rate']);
    assert.deepEqual(one('rate(nativelink_execution_active_count[5m])').map((f) => f.code), ['nativelink/rate-of-gauge']);
    assert.deepEqual(one('increase(nativelink_worker_connected_count[1h])').map((f) => f.code), ['nativelink/rate-of-gauge']);
    for (const ok of ['absent(nativelink_execution_completed_count_total)', 'count(nativelink_execution_completed_count_total)', 'deriv(nativelink_execution_active_count[5m])', 'max_over_time(rate(nativelink_worker_connections_total[5m])[1h:5m])']) {
      assert.deepEqual(one(ok), [], ok);
    }
  });

  it('label names an instrument never carries, label values never recorded', () => {
    assert.deepEqual(one('nativelink_execution_active_count{execution_priority="1"}').map((f) => [f.code, f.at]), [['nativelink/label-never-carried', 'execution_priority']]);
    assert.deepEqual(one('nativelink_execution_active_count{instance_name="main", service="nativelink"}'), [], 'resource and const labels ride on every series');
    const v = one('rate(nativelink_execution_completed_count_total{execution_result="timeout"}[5m])');
    assert.deepEqual(v.map((f) => [f.code, f.at, f.severity]), [['nativelink/label-value-never-recorded', '"timeout"', 2]]);
    assert.match(v[0].message, /never recorded/);
    assert.deepEqual(one('rate(nativelink_cache_operations_total{cache_operation_result="expired"}[5m])').map((f) => f.code), ['nativelink/label-value-never-recorded']);
    assert.deepEqual(one('rate(nativelink_execution_completed_count_total{execution_result!="timeout"}[5m])'), [], 'negative matchers are fine');
  });

  it('hover on a metric name shows the instrument', () => {
    const text = rules('      - record: a:b\n        expr: |\n          rate(nativelink_cache_io_bytes_total[5m])\n');
    const d = doc(text);
    const h = service.hover(d, d.positionAt(text.indexOf('cache_io') + 2), defaultSettings);
    const md = (h?.contents as { value: string }).value;
    assert.match(md, /`cache\.io`/);
    assert.match(md, /OTel counter/);
    assert.match(md, /Unit: `By`/);
    assert.match(md, /cache_operation_name/);
    assert.match(md, /docs\.nativelink\.com\/reference\/metrics#cacheio/);
  });
});

describe('promrules: detection', () => {
  it('a PrometheusRule resource is checked at spec.groups', () => {
    const text = 'apiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nmetadata:\n  name: nl\nspec:\n  groups:\n    - name: g\n      rules:\n        - alert: CacheSize\n          expr: nativelink_cache_size > 0\n          for: 5x\n';
    assert.equal(kindOf(text), 'promrules');
    assert.deepEqual(findings(text).map((f) => [f.code, f.at]).sort(), [['nativelink/metric-never-emitted', 'nativelink_cache_size'], ['promrules/duration', '5x']]);
  });

  it('other YAML with a groups key is not claimed; collector and NativeLink files keep their kinds', () => {
    assert.equal(kindOf('groups:\n  - admins\n  - users\n', 'x.yml'), undefined);
    assert.equal(kindOf('groups:\n  - name: g\n    rules: []\nother: 1\n', 'x.yml'), undefined);
    assert.equal(kindOf('receivers:\n  otlp: {}\nservice:\n  pipelines: {}\n', 'c.yaml'), 'collector');
    assert.equal(kindOf('{"panels": [], "title": "x"}', 'x.json'), 'promrules');
    assert.equal(kindOf('{"panels": []}', 'x.json'), undefined);
  });
});
