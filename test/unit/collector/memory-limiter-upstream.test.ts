import * as assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { engines } from '../../../server/src/service/engines';
import { ConfigLanguageService } from '../../../server/src/service/languageService';
import { defaultSettings } from '../../../server/src/service/settings';
import { byCode, run } from './helpers';

/**
 * Replays open-telemetry/opentelemetry-collector@v0.159.0:internal/memorylimiter/config_test.go
 * (TestConfigValidate) and its testdata. The Go cases build Config structs, so every field the struct
 * leaves at zero is written out as zero here (YAML would otherwise get NewDefaultConfig's GC intervals).
 */
interface GoCase {
  name: string;
  cfg: Record<string, string | number>;
  /** Upstream error text, or null for valid. */
  err: string | null;
}

const ZERO = {
  check_interval: '0s',
  min_gc_interval_when_soft_limited: '0s',
  min_gc_interval_when_hard_limited: '0s',
  max_gc_interval_when_soft_limited: '0s',
  max_gc_interval_when_hard_limited: '0s',
};

const ERR = {
  checkInterval: "'check_interval' must be greater than zero",
  limit: "'limit_mib' or 'limit_percentage' must be greater than zero",
  spike: "'spike_limit_mib' must be smaller than 'limit_mib'",
  pct: "'limit_percentage' and 'spike_limit_percentage' must be greater than zero and less than or equal to hundred",
  spikePct: "'spike_limit_percentage' must be smaller than 'limit_percentage'",
  gcMin: "'min_gc_interval_when_soft_limited' should be larger than 'min_gc_interval_when_hard_limited'",
  gcNegSoft: "'max_gc_interval_when_soft_limited' must be non-negative",
  gcNegHard: "'max_gc_interval_when_hard_limited' must be non-negative",
  gcMaxSoft: "'max_gc_interval_when_soft_limited' must be greater than or equal to 'min_gc_interval_when_soft_limited' (or 0 to disable)",
  gcMaxHard: "'max_gc_interval_when_hard_limited' must be greater than or equal to 'min_gc_interval_when_hard_limited' (or 0 to disable)",
  gcMax: "'max_gc_interval_when_soft_limited' should be larger than or equal to 'max_gc_interval_when_hard_limited' (when both are set)",
};

const valid = { limit_mib: 5722, spike_limit_mib: 1907, check_interval: '100ms' };
const cases: GoCase[] = [
  { name: 'valid', cfg: valid, err: null },
  { name: 'zero check interval', cfg: {}, err: ERR.checkInterval },
  { name: 'unset memory limit', cfg: { check_interval: '1s', limit_mib: 0, limit_percentage: 0 }, err: ERR.limit },
  { name: 'invalid memory spike limit', cfg: { check_interval: '1s', limit_mib: 10, spike_limit_mib: 10 }, err: ERR.spike },
  { name: 'invalid memory percentage limit', cfg: { check_interval: '1s', limit_percentage: 101 }, err: ERR.pct },
  { name: 'invalid memory spike percentage limit', cfg: { check_interval: '1s', limit_percentage: 50, spike_limit_percentage: 60 }, err: ERR.spikePct },
  { name: 'invalid gc intervals', cfg: { ...valid, min_gc_interval_when_soft_limited: '50ms', min_gc_interval_when_hard_limited: '100ms' }, err: ERR.gcMin },
  { name: 'negative max soft interval', cfg: { ...valid, max_gc_interval_when_soft_limited: '-1s' }, err: ERR.gcNegSoft },
  { name: 'negative max hard interval', cfg: { ...valid, max_gc_interval_when_hard_limited: '-1s' }, err: ERR.gcNegHard },
  {
    name: 'max soft less than min soft',
    cfg: { ...valid, min_gc_interval_when_soft_limited: '10s', max_gc_interval_when_soft_limited: '5s', max_gc_interval_when_hard_limited: '5s' },
    err: ERR.gcMaxSoft,
  },
  {
    name: 'max hard less than min hard',
    cfg: { ...valid, min_gc_interval_when_hard_limited: '20s', min_gc_interval_when_soft_limited: '20s', max_gc_interval_when_hard_limited: '5s' },
    err: ERR.gcMaxHard,
  },
  { name: 'max soft less than max hard', cfg: { ...valid, max_gc_interval_when_soft_limited: '5s', max_gc_interval_when_hard_limited: '30s' }, err: ERR.gcMax },
  { name: 'valid max gc intervals: both zero (disabled)', cfg: { ...valid, max_gc_interval_when_soft_limited: '0s', max_gc_interval_when_hard_limited: '0s' }, err: null },
  { name: 'valid max gc intervals: only hard disabled', cfg: { ...valid, max_gc_interval_when_soft_limited: '30s', max_gc_interval_when_hard_limited: '0s' }, err: null },
  // Not an upstream case: the percentage pair is checked whenever limit_percentage > 0, also beside limit_mib.
  { name: 'spike percentage checked beside limit_mib', cfg: { check_interval: '1s', limit_mib: 1000, limit_percentage: 50, spike_limit_percentage: 50 }, err: ERR.spikePct },
];

const yamlOf = (body: Record<string, string | number>) =>
  `receivers:\n  nop:\nprocessors:\n  memory_limiter:\n${Object.entries(body)
    .map(([k, v]) => `    ${k}: ${v}`)
    .join('\n')}\nexporters:\n  nop:\nservice:\n  pipelines:\n    metrics:\n      receivers: [nop]\n      processors: [memory_limiter]\n      exporters: [nop]\n`;

describe('memory_limiter Validate(): upstream config_test.go cases', () => {
  for (const c of cases) {
    it(c.name, () => {
      const found = byCode(run(yamlOf({ ...ZERO, ...c.cfg })), 'collector/memory-limiter-config');
      // Upstream returns the first failure; check_interval is reported on its own, the rest stop at the first.
      const first = c.err === ERR.checkInterval ? found[0] : found.filter((f) => !f.message.includes('check_interval'))[0];
      if (c.err === null) assert.deepEqual(found.map((f) => f.message), []);
      else {
        assert.ok(first, `expected: ${c.err}`);
        assert.ok(first.message.startsWith(`processors::memory_limiter: ${c.err}`), first.message);
        assert.equal(first.severity, 'error');
      }
    });
  }

  it('testdata/config.yaml (check_interval 5s, limit_mib 4000, spike_limit_mib 500) is valid with default GC intervals', () => {
    assert.deepEqual(byCode(run(yamlOf({ check_interval: '5s', limit_mib: 4000, spike_limit_mib: 500 })), 'collector/memory-limiter-config'), []);
  });

  it('testdata/negative_unsigned_limits_config.yaml: negative limit_mib and spike_limit_mib are refused (uint32 fields)', () => {
    const text = yamlOf({ check_interval: '5s', limit_mib: -2000, spike_limit_mib: -2300 });
    const doc = TextDocument.create('file:///otel-collector-config.yaml', 'yaml', 1, text);
    const errs = new ConfigLanguageService(engines).diagnostics(doc, defaultSettings).filter((d) => d.severity === 1);
    const at = errs.map((d) => text.slice(doc.offsetAt(d.range.start), doc.offsetAt(d.range.end)));
    assert.ok(at.includes('-2000') && at.includes('-2300'), JSON.stringify(errs.map((d) => d.message)));
  });
});
