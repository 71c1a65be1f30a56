import * as assert from 'node:assert/strict';
import { renderMarkdown, renderText, toJson, exitCodeFor, escapeMarkdown, codeSpan, sparkline } from '../../../server/src/diagnose/render';
import type { DiagnosisReport, Finding } from '../../../server/src/diagnose/types';

const evil = 'w-1</b><script>alert(1)</script> [click](http://evil.example) **bold** `tick` \u001b[31mred\u001b[0m\nnewline';

function report(findings: Finding[]): DiagnosisReport {
  const counts = { critical: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity]++;
  return {
    prometheus: 'http://prom.test:9090',
    evaluatedAt: 1_700_000_000_000,
    startedAt: 1_700_000_000_000,
    durationMs: 1234,
    findings,
    passed: ['queue-depth'],
    skipped: [{ id: 'collector-health', reason: 'No collector health URL' }],
    checks: [
      { id: 'queue-depth', section: 'High Queue Depth', title: 'Actions do not pile up', docs: 'x', state: 'passed', durationMs: 1 },
      { id: 'collector-health', section: 'Check Collector Health', title: 'Collector health', docs: 'x', state: 'skipped', durationMs: 0, reason: 'No collector health URL' },
    ],
    counts,
  };
}

const F: Finding = {
  id: 'execution-failures/workers',
  severity: 'warning',
  title: `Failures concentrate on worker "${evil}"`,
  summary: `Most failures ran on ${evil}.`,
  evidence: [{ kind: 'promql', query: 'sum by (execution_worker_id) (x{a="`b`"})', value: evil, window: '5m', series: [{ labels: {}, points: [[1, 1], [2, 5], [3, 3]] }] }],
  causes: ['a cause'],
  actions: ['drain it'],
  docs: 'https://mintlify.wiki/TraceMachina/nativelink/operations/troubleshooting#high-retry-rate',
  config: { kind: 'nativelink', key: 'schedulers[0].simple.max_job_retries', suggested: 2 },
  check: 'execution-failures',
  section: 'High Retry Rate',
};

describe('diagnose renderers', () => {
  it('markdown escapes text from labels: no HTML, links, emphasis or line breaks leak', () => {
    const md = renderMarkdown(report([F, { ...F, id: 'x', severity: 'critical', title: 'Crit' }]));
    assert.doesNotMatch(md, /<script>|<\/b>/);
    assert.doesNotMatch(md, /\[click\]\(http/);
    assert.doesNotMatch(md, /\*\*bold\*\*/);
    assert.doesNotMatch(md, /\u001b/);
    assert.match(md, /&lt;script&gt;/);
    assert.ok(md.indexOf('## Critical') < md.indexOf('## Warnings'));
    assert.match(md, /`` sum by \(execution_worker_id\) \(x\{a="`b`"\}\) ``|``sum by/);
    assert.match(md, /trend: ▁█▅/);
    assert.match(md, /## Passed[\s\S]*queue-depth/);
    assert.match(md, /## Not checked[\s\S]*collector-health/);
    assert.match(md, /## Getting help/);
    assert.match(md, /\(https:\/\/mintlify\.wiki\/TraceMachina\/nativelink\/operations\/troubleshooting#high-retry-rate\)/);
    assert.match(md, /schedulers\[0\]\.simple\.max_job_retries/);
    // A heading line per finding, nothing injected as a new block.
    for (const line of md.split('\n')) assert.doesNotMatch(line, /^newline/);
  });

  it('escapeMarkdown and codeSpan are safe on their own', () => {
    assert.equal(escapeMarkdown('a_b*c'), 'a\\_b\\*c');
    assert.equal(escapeMarkdown('<x>&'), '&lt;x&gt;&amp;');
    assert.equal(codeSpan('a`b'), '``a`b``');
    assert.equal(codeSpan('`x`'), '`` `x` ``');
    assert.equal(sparkline([[1, 1]]), '');
  });

  it('text has no control characters and lists evidence queries', () => {
    const txt = renderText(report([F]));
    assert.doesNotMatch(txt, /\u001b/);
    assert.match(txt, /WARNINGS/);
    assert.match(txt, /evidence: sum by \(execution_worker_id\)/);
    assert.match(txt, /config: schedulers\[0\]\.simple\.max_job_retries \(nativelink\) → suggested 2/);
    assert.match(txt, /not checked: collector-health/);
  });

  it('toJson has exactly the command line shape', () => {
    const j = toJson(report([F]));
    assert.deepEqual(Object.keys(j), ['prometheus', 'findings', 'passed', 'skipped']);
    assert.deepEqual(j.skipped, [{ id: 'collector-health', reason: 'No collector health URL' }]);
    assert.deepEqual(Object.keys(j.findings[0]), ['id', 'severity', 'title', 'summary', 'evidence', 'docs']);
    assert.deepEqual(Object.keys(j.findings[0].evidence[0]), ['kind', 'query', 'value', 'window', 'series']);
    assert.deepEqual(j.passed, ['queue-depth']);
    assert.doesNotThrow(() => JSON.parse(JSON.stringify(j)));
  });

  it('exit codes: 2 critical, 1 warning or nothing measurable, 0 otherwise', () => {
    assert.equal(exitCodeFor(report([{ ...F, severity: 'critical' }, F])), 2);
    assert.equal(exitCodeFor(report([F])), 1);
    assert.equal(exitCodeFor(report([{ ...F, severity: 'info' }])), 0);
    assert.equal(exitCodeFor(report([])), 0);
    // Nothing passed, nothing found, everything skipped: not a clean bill of health.
    assert.equal(exitCodeFor({ ...report([]), passed: [] }), 1);
  });
});
