import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runConfigCommand } from '../../../server/src/cli/config';

/** The project root: the nearest folder above this test holding dist/cli.js's package.json (out/test/unit/cli → root). */
function projectRoot(): string {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'server', 'src', 'cli'))) return dir;
    if (dirname(dir) === dir) return process.cwd();
  }
}
const CLI = process.env.NATIVELINK_CLI ?? join(projectRoot(), 'dist', 'cli.js');

// A NativeLink config whose only error is an ac_store naming an undefined store (single quotes on purpose).
const NATIVELINK = `// NativeLink, as JSON5
{
  stores: [
    { name: "CAS", memory: { eviction_policy: { max_bytes: "1gb" } } },
    { name: "AC", memory: { eviction_policy: { max_bytes: "100mb" } } },
  ],
  servers: [{
    listener: { http: { socket_address: "0.0.0.0:50051" } },
    services: {
      cas: [{ instance_name: "main", cas_store: "CAS" }],
      ac: [{ instance_name: "main", ac_store: 'MISSING_AC' }],
    },
  }],
}
`;
const NATIVELINK_OK = NATIVELINK.replace("'MISSING_AC'", '"AC"');
// A collector config detected by content (its name says nothing), with one undefined exporter.
const COLLECTOR = `receivers:
  otlp:
    protocols:
      grpc:
        endpoint: 0.0.0.0:4317
exporters:
  debug:
service:
  pipelines:
    traces:
      receivers: [otlp]
      exporters: [debug, nope]
`;
const K8S = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: nativelink
spec:
  replicas: 1
`;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}
function run(...argv: string[]): Run {
  let stdout = '';
  let stderr = '';
  const code = runConfigCommand(argv, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  return { code, stdout, stderr };
}

/** 0-based line/character of the `nth` occurrence of `needle`. */
function lc(text: string, needle: string): { line: number; character: number } {
  const off = text.indexOf(needle);
  assert.ok(off >= 0, `${needle} in fixture`);
  const before = text.slice(0, off).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}

const TEXT_LINE = /^(.+):(\d+):(\d+) (error|warning|information|hint) (\S+) (.+)$/;

describe('cli: nativelink-check config', () => {
  let dir: string;
  let nl: string;
  let nlOk: string;
  let col: string;
  let k8s: string;
  let missing: string;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'nl-cli-'));
    mkdirSync(join(dir, 'with space'));
    nl = join(dir, 'cluster.json5');
    nlOk = join(dir, 'with space', 'ok.json5');
    col = join(dir, 'pipelines.yaml');
    k8s = join(dir, 'deployment.yaml');
    missing = join(dir, 'nope.json5');
    writeFileSync(nl, NATIVELINK);
    writeFileSync(nlOk, NATIVELINK_OK);
    writeFileSync(col, COLLECTOR);
    writeFileSync(k8s, K8S);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  describe('text format', () => {
    it('prints file:line:col severity code message, 1-based, and exits 1 on an error', () => {
      const r = run(nl);
      assert.equal(r.code, 1);
      const lines = r.stdout.trimEnd().split('\n');
      for (const l of lines) assert.match(l, TEXT_LINE);
      const err = lines.map((l) => TEXT_LINE.exec(l)!).find((m) => m[4] === 'error')!;
      const where = lc(NATIVELINK, "'MISSING_AC'");
      assert.deepEqual([err[1], Number(err[2]), Number(err[3]), err[5]], [nl, where.line + 1, where.character + 1, 'nativelink/undefined-store']);
      assert.match(err[6], /MISSING_AC/);
      assert.match(r.stderr, /1 file\(s\): 1 error\(s\)/);
    });

    it('exits 0 when there are only warnings, information and hints', () => {
      const r = run(nlOk);
      assert.equal(r.code, 0, r.stdout);
      assert.ok(!/ error /.test(r.stdout));
      assert.match(r.stderr, /0 error\(s\)/);
    });

    it('lists diagnostics of a file in document order', () => {
      const r = run(col);
      const positions = r.stdout.trimEnd().split('\n').map((l) => TEXT_LINE.exec(l)!).map((m) => Number(m[2]) * 1000 + Number(m[3]));
      assert.ok(positions.length >= 2, r.stdout);
      assert.deepEqual(positions, [...positions].sort((a, b) => a - b));
    });

    it('checks a collector YAML and a NativeLink JSON5 in one run, skips an unknown YAML, reports a missing file', () => {
      const r = run(nl, col, k8s, missing);
      assert.equal(r.code, 1);
      const lines = r.stdout.trimEnd().split('\n');
      assert.ok(lines.some((l) => l.startsWith(`${nl}:`) && / error nativelink\/undefined-store /.test(l)));
      const where = lc(COLLECTOR, 'nope');
      assert.ok(lines.includes(`${col}:${where.line + 1}:${where.character + 1} error collector/undefined-component ${lines.find((l) => l.startsWith(`${col}:${where.line + 1}:`))!.split(' collector/undefined-component ')[1]}`));
      assert.ok(lines.some((l) => l === `${k8s}: not a NativeLink or collector config (skipped)`), r.stdout);
      const miss = lines.find((l) => l.startsWith(missing));
      assert.ok(miss, 'a line for the missing file');
      assert.match(miss!, /error: cannot read: .*(ENOENT|no such file)/);
      assert.ok(!lines.some((l) => l.startsWith(`${k8s}:`) && TEXT_LINE.test(l)), 'no diagnostics for the skipped file');
      assert.match(r.stderr, /4 file\(s\): 2 error\(s\), 0 warning\(s\), 1 unreadable/);
    });

    it('exits 1 for a missing file alone', () => {
      assert.equal(run(missing).code, 1);
    });

    it('exits 0 for only a skipped file', () => {
      const r = run(k8s);
      assert.equal(r.code, 0);
      assert.match(r.stdout, /skipped/);
    });
  });

  describe('json format', () => {
    it('prints the documented shape with 0-based LSP positions and the detected kind', () => {
      const r = run('--format', 'json', nl, col, k8s);
      assert.equal(r.code, 1);
      const out = JSON.parse(r.stdout);
      assert.ok(Array.isArray(out));
      assert.deepEqual(out.map((f: { file: string; kind: string | null }) => [f.file, f.kind]), [
        [nl, 'nativelink'],
        [col, 'collector'],
        [k8s, null],
      ]);
      for (const f of out) {
        assert.deepEqual(Object.keys(f).sort(), ['diagnostics', 'file', 'kind']);
        for (const d of f.diagnostics) {
          assert.deepEqual(Object.keys(d).sort(), ['code', 'message', 'range', 'severity']);
          assert.deepEqual(Object.keys(d.range).sort(), ['end', 'start']);
          for (const p of [d.range.start, d.range.end]) {
            assert.deepEqual(Object.keys(p).sort(), ['character', 'line']);
            assert.ok(Number.isInteger(p.line) && p.line >= 0 && Number.isInteger(p.character) && p.character >= 0);
          }
          assert.ok(['error', 'warning', 'information', 'hint'].includes(d.severity), d.severity);
          assert.equal(typeof d.code, 'string');
          assert.equal(typeof d.message, 'string');
        }
      }
      const err = out[0].diagnostics.find((d: { severity: string }) => d.severity === 'error');
      const start = lc(NATIVELINK, "'MISSING_AC'");
      assert.deepEqual(err.range, { start, end: { line: start.line, character: start.character + "'MISSING_AC'".length } });
      assert.equal(err.code, 'nativelink/undefined-store');
      const colErr = out[1].diagnostics.find((d: { severity: string }) => d.severity === 'error');
      assert.deepEqual(colErr.range.start, lc(COLLECTOR, 'nope'));
      assert.deepEqual(out[2].diagnostics, []);
    });

    it('accepts --format=json and exits 0 without errors', () => {
      const r = run(`--format=json`, nlOk);
      assert.equal(r.code, 0);
      assert.equal(JSON.parse(r.stdout)[0].kind, 'nativelink');
    });

    it('marks an unreadable file with an error', () => {
      const r = run('--format', 'json', missing);
      assert.equal(r.code, 1);
      const [f] = JSON.parse(r.stdout);
      assert.equal(f.file, missing);
      assert.equal(f.kind, null);
      assert.deepEqual(f.diagnostics, []);
      assert.match(f.error, /ENOENT|no such file/);
    });
  });

  describe('sarif format', () => {
    it('is SARIF 2.1.0 with the tool, rules and located results (1-based)', () => {
      const r = run('--format', 'sarif', nl, col, nlOk);
      assert.equal(r.code, 1);
      const log = JSON.parse(r.stdout);
      assert.equal(log.version, '2.1.0');
      assert.match(log.$schema, /sarif-2\.1\.0/);
      assert.equal(log.runs.length, 1);
      const run0 = log.runs[0];
      assert.equal(run0.tool.driver.name, 'nativelink-check');
      const ruleIds = run0.tool.driver.rules.map((x: { id: string }) => x.id);
      assert.equal(new Set(ruleIds).size, ruleIds.length, 'each rule once');
      assert.ok(run0.results.length >= 2);
      for (const res of run0.results) {
        assert.ok(ruleIds.includes(res.ruleId), `${res.ruleId} is declared`);
        assert.ok(['error', 'warning', 'note', 'none'].includes(res.level));
        assert.equal(typeof res.message.text, 'string');
        const loc = res.locations[0].physicalLocation;
        assert.ok(loc.region.startLine >= 1 && loc.region.startColumn >= 1);
        // artifact locations are URI references (no raw spaces or backslashes)
        assert.doesNotThrow(() => new URL(loc.artifactLocation.uri, 'file:///'));
        assert.ok(!/[ \\]/.test(loc.artifactLocation.uri), loc.artifactLocation.uri);
      }
      const err = run0.results.find((x: { ruleId: string }) => x.ruleId === 'nativelink/undefined-store');
      const where = lc(NATIVELINK, "'MISSING_AC'");
      assert.equal(err.level, 'error');
      assert.equal(err.locations[0].physicalLocation.artifactLocation.uri, pathToFileURL(nl).href);
      assert.deepEqual(err.locations[0].physicalLocation.region, {
        startLine: where.line + 1,
        startColumn: where.character + 1,
        endLine: where.line + 1,
        endColumn: where.character + 1 + "'MISSING_AC'".length,
      });
      assert.ok(run0.results.some((x: { ruleId: string; level: string }) => x.ruleId === 'collector/undefined-component' && x.level === 'error'));
      // the file under "with space" is percent-encoded
      const okUris = run0.results.map((x: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) => x.locations[0].physicalLocation.artifactLocation.uri);
      assert.ok(okUris.some((u: string) => u.includes('with%20space/ok.json5')), okUris.join('\n'));
    });

    it('reports an unreadable file as a failed invocation rather than a clean log', () => {
      const r = run('--format', 'sarif', missing);
      assert.equal(r.code, 1);
      const inv = JSON.parse(r.stdout).runs[0].invocations[0];
      assert.equal(inv.executionSuccessful, false);
      assert.equal(inv.toolExecutionNotifications[0].level, 'error');
      assert.match(inv.toolExecutionNotifications[0].message.text, /nope\.json5/);
    });
  });

  describe('usage errors exit 64', () => {
    for (const [label, argv] of [
      ['no files', []],
      ['only a format', ['--format', 'json']],
      ['an unknown format', ['--format', 'xml', 'a.json5']],
      ['--format without a value', ['a.json5', '--format']],
      ['an unknown option', ['--bogus', 'a.json5']],
    ] as [string, string[]][]) {
      it(label, () => {
        const r = run(...argv);
        assert.equal(r.code, 64);
        assert.equal(r.stdout, '');
        assert.match(r.stderr, /usage: nativelink-check config/);
      });
    }

    it('--help prints usage and exits 0', () => {
      const r = run('--help');
      assert.equal(r.code, 0);
      assert.match(r.stdout, /usage: nativelink-check config/);
    });
  });

  describe('the bundled binary (dist/cli.js)', () => {
    it('gives the same JSON and exit code as the function', function () {
      this.timeout(20000);
      assert.ok(existsSync(CLI), `${CLI} missing: run node scripts/build.mjs first`);
      const p = spawnSync(process.execPath, [CLI, 'config', '--format', 'json', nl, col, k8s], { encoding: 'utf8', cwd: dir });
      assert.equal(p.status, 1, p.stderr);
      assert.deepEqual(JSON.parse(p.stdout), JSON.parse(run('--format', 'json', nl, col, k8s).stdout));
      const usage = spawnSync(process.execPath, [CLI, 'config'], { encoding: 'utf8', cwd: dir });
      assert.equal(usage.status, 64);
      const text = spawnSync(process.execPath, [CLI, 'config', 'cluster.json5'], { encoding: 'utf8', cwd: dir });
      assert.equal(text.status, 1);
      assert.match(text.stdout, /^cluster\.json5:\d+:\d+ error nativelink\/undefined-store /m);
    });
  });
});
