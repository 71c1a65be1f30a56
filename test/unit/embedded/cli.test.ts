import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runConfigCommand } from '../../../server/src/cli/config';
import { COLLECTOR, configMap } from './fixtures';

function run(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = runConfigCommand(args, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  return { code, stdout, stderr };
}

describe('nativelink-check config on host files', () => {
  let dir: string;
  let file: string;
  let line: number;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'nl-embed-cli-'));
    file = join(dir, 'otel-collector.yaml');
    const text = configMap('collector.yaml', COLLECTOR);
    writeFileSync(file, text);
    line = text.split('\n').findIndex((l) => l.includes('debugg')) + 1;
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('text: host-file lines, and which embedded configs were checked', () => {
    const r = run([file]);
    assert.equal(r.code, 1);
    assert.match(r.stdout, new RegExp(`otel-collector\\.yaml:${line}:\\d+ error collector/undefined-component`));
    assert.match(r.stderr, /checked embedded collector config \(ConfigMap otel-collector-config: data\.collector\.yaml\)/);
  });

  it('json: kind "host", the embedded documents, diagnostics at host lines', () => {
    const [res] = JSON.parse(run(['--format', 'json', file]).stdout);
    assert.equal(res.kind, 'host');
    assert.deepEqual(res.embedded.map((e: { kind: string }) => e.kind), ['collector']);
    const d = res.diagnostics.find((x: { code: string }) => x.code === 'collector/undefined-component');
    assert.equal(d.range.start.line + 1, line);
  });

  it('sarif: results point at the host file and line', () => {
    const sarif = JSON.parse(run(['--format', 'sarif', file]).stdout);
    const r = sarif.runs[0].results.find((x: { ruleId: string }) => x.ruleId === 'collector/undefined-component');
    assert.equal(r.locations[0].physicalLocation.region.startLine, line);
    assert.match(r.locations[0].physicalLocation.artifactLocation.uri, /otel-collector\.yaml$/);
  });

  it('a Kubernetes file without embedded configs is still skipped', () => {
    const plain = join(dir, 'deploy.yaml');
    writeFileSync(plain, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  greeting: hello\n');
    const r = run([plain]);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /not a NativeLink or collector config \(skipped\)/);
  });
});
