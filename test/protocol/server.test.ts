import * as assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';

const root = join(__dirname, '..', '..', '..');

/** Speaks real LSP over stdio to the bundled server, as any editor would. */
class ServerUnderTest {
  proc: ChildProcessWithoutNullStreams;
  conn: ProtocolConnection;
  private waiters: { uri: string; pred: (p: PublishDiagnosticsParams) => boolean; resolve: (p: PublishDiagnosticsParams) => void }[] = [];
  stderr = '';

  constructor() {
    this.proc = spawn(process.execPath, [join(root, 'dist/server.js'), '--stdio'], { stdio: 'pipe' });
    this.proc.stderr.on('data', (d) => (this.stderr += d));
    this.conn = createProtocolConnection(new StreamMessageReader(this.proc.stdout), new StreamMessageWriter(this.proc.stdin));
    this.conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      this.waiters = this.waiters.filter((w) => {
        if (w.uri === p.uri && w.pred(p)) {
          w.resolve(p);
          return false;
        }
        return true;
      });
    });
    this.conn.listen();
  }

  diagnostics(uri: string, pred: (p: PublishDiagnosticsParams) => boolean = () => true, timeoutMs = 5000): Promise<PublishDiagnosticsParams> {
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`no matching diagnostics for ${uri} within ${timeoutMs} ms; stderr: ${this.stderr}`)), timeoutMs);
      this.waiters.push({ uri, pred, resolve: (p) => (clearTimeout(t), resolve(p)) });
    });
  }

  async start(): Promise<void> {
    await this.conn.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {} });
    await this.conn.sendNotification('initialized', {});
  }

  open(uri: string, languageId: string, text: string, version = 1): void {
    void this.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
  }

  async stop(): Promise<void> {
    try {
      await this.conn.sendRequest('shutdown');
      await this.conn.sendNotification('exit');
    } finally {
      this.conn.dispose();
      this.proc.kill();
    }
  }
}

describe('protocol: dist/server.js --stdio', function () {
  this.timeout(15000);
  let server: ServerUnderTest;
  before(async () => {
    server = new ServerUnderTest();
    await server.start();
  });
  after(async () => server.stop());

  it('publishes a JSON5 syntax error at the broken position, then clears it after an incremental fix', async () => {
    const uri = 'file:///ws/broken.json5';
    server.open(uri, 'json5', '{\n  stores: [\n    { name: "CAS", memory: {} }\n  ]\n  servers: [],\n}\n');
    const first = await server.diagnostics(uri);
    const syntax = first.diagnostics.find((d) => String(d.code).endsWith('/syntax'));
    assert.ok(syntax, JSON.stringify(first.diagnostics));
    assert.equal(syntax!.range.start.line, 4);
    assert.equal(syntax!.source, 'nativelink');
    // Insert the missing comma after `]` on line 3 (incremental sync).
    void server.conn.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: { start: { line: 3, character: 3 }, end: { line: 3, character: 3 } }, text: ',' }],
    });
    const second = await server.diagnostics(uri, (p) => p.version === 2);
    assert.deepEqual(second.diagnostics.filter((d) => d.severity === 1), []);
  });

  it('reports nothing broken for unquoted keys, comments and trailing commas', async () => {
    const uri = 'file:///ws/ok.json5';
    server.open(uri, 'json5', "// ok\n{\n  stores: [{ name: 'A', memory: {}, },],\n}\n");
    const p = await server.diagnostics(uri);
    assert.deepEqual(p.diagnostics.filter((d) => String(d.code).endsWith('/syntax')), []);
  });

  it('publishes YAML syntax errors for a collector config', async () => {
    const uri = 'file:///ws/otel-collector-config.yaml';
    server.open(uri, 'yaml', 'receivers:\n  otlp:\n    protocols: [grpc\nservice:\n  pipelines: {}\n');
    const p = await server.diagnostics(uri);
    assert.ok(p.diagnostics.some((d) => d.code === 'collector/syntax'), JSON.stringify(p.diagnostics));
  });

  it('answers hover and completion requests and survives binary junk', async () => {
    const junk = 'file:///ws/junk.json5';
    server.open(junk, 'json5', '\u0000\u0001\u00ff{{{{');
    const jp = await server.diagnostics(junk);
    assert.equal(jp.diagnostics.length, 1);
    const uri = 'file:///ws/hover.json5';
    server.open(uri, 'json5', '{ stores: [ { name: "A", memory: {} } ] }');
    await server.diagnostics(uri);
    const hover = (await server.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 4 } })) as { contents: { value: string } } | null;
    assert.ok(hover && /stores/.test(hover.contents.value));
    const completion = (await server.conn.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line: 0, character: 2 } })) as { items: { label: string }[] };
    assert.ok(completion.items.some((i) => i.label === 'servers'), JSON.stringify(completion.items.map((i) => i.label)));
  });

  it('ignores a YAML file that is not a collector config', async () => {
    const uri = 'file:///ws/k8s.yaml';
    server.open(uri, 'yaml', 'apiVersion: v1\nkind: Pod\nmetadata: [\n');
    const p = await server.diagnostics(uri);
    assert.deepEqual(p.diagnostics, []);
  });

  it('checks a collector config inside a ConfigMap at host lines, and keeps the host in the yaml language', async () => {
    const uri = 'file:///ws/k8s/otel-collector.yaml';
    const kinds: { uri: string; kind: string | null }[] = [];
    server.conn.onNotification('nativelink/documentKind', (p: { uri: string; kind: string | null }) => kinds.push(p));
    const config = ['receivers:', '  otlp:', '    protocols:', '      grpc: {}', 'exporters:', '  debug: {}', 'service:', '  pipelines:', '    traces:', '      receivers: [otlp]', '      exporters: [debug, nope]'];
    const text = ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: otel', 'data:', '  collector.yaml: |', ...config.map((l) => '    ' + l), '---', 'apiVersion: apps/v1', 'kind: Deployment', 'metadata:', '  name: otel', ''].join('\n');
    server.open(uri, 'yaml', text);
    const p = await server.diagnostics(uri);
    const undef = p.diagnostics.find((d) => d.code === 'collector/undefined-component');
    assert.ok(undef, JSON.stringify(p.diagnostics));
    assert.deepEqual(undef!.range.start, { line: 16, character: 29 }); // "nope" on the host line
    // A host is not a collector config: the client must not move it to the otelcol language.
    assert.ok(!kinds.some((k) => k.uri === uri && k.kind !== null), JSON.stringify(kinds));
  });
});
