import * as assert from 'node:assert/strict';
import { ALL_CHECKS } from '../../../server/src/cluster/checks';
import { ALL_DIAGNOSE_CHECKS } from '../../../server/src/diagnose/checks';
import { diagnose } from './fake';

/** `owner/repo@tag:path`, the tag pinned (a version), the path relative to the repository. */
const UPSTREAM = /^[A-Za-z0-9-]+\/[A-Za-z0-9._-]+@v\d+\.\d+\.\d+:[^\s/][^\s]*$/;

describe('auditable knowledge: every check cites the upstream source it encodes', () => {
  for (const [kind, checks] of [['cluster health', ALL_CHECKS], ['diagnose', ALL_DIAGNOSE_CHECKS]] as const) {
    it(`every ${kind} check has an upstream list of pinned repository paths`, () => {
      for (const c of checks as readonly { id: string; upstream?: unknown }[]) {
        assert.ok(Array.isArray(c.upstream) && c.upstream.length > 0, `${c.id} lacks upstream`);
        for (const u of c.upstream as unknown[]) assert.match(String(u), UPSTREAM, `${c.id}: ${String(u)}`);
      }
    });
  }
  it('NativeLink sources are pinned at v1.6.6 and collector sources at one release', () => {
    const all = [...ALL_CHECKS, ...ALL_DIAGNOSE_CHECKS].flatMap((c) => c.upstream);
    for (const u of all.filter((x) => x.startsWith('TraceMachina/nativelink@'))) assert.match(u, /@v1\.6\.6:/);
    const collector = new Set(all.filter((x) => x.startsWith('open-telemetry/')).map((x) => x.replace(/^[^@]+@([^:]+):.*$/, '$1')));
    assert.deepEqual([...collector], ['v0.159.0']);
  });
});

describe('diagnose texts: NativeLink exports OTLP over gRPC only (nativelink-util/Cargo.toml: grpc-tonic)', () => {
  it('no check recommends OTLP/HTTP or OTEL_EXPORTER_OTLP_PROTOCOL', async () => {
    const { report } = await diagnose({ names: ['up'], rules: [[/otelcol_/, 0]] }, ['nativelink-metrics', 'collector-receiving']);
    const text = report.findings.map((f) => [f.summary, ...f.causes, ...f.actions].join(' ')).join(' ');
    assert.ok(text.length > 0);
    assert.doesNotMatch(text, /OTEL_EXPORTER_OTLP_PROTOCOL/);
    // 4318 may appear only as the port not to use.
    assert.doesNotMatch(text.replace(/never the HTTP port 4318/g, ''), /4318/);
    assert.match(text, /gRPC/);
  });
});
