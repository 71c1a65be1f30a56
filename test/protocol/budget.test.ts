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
import { SLOW_MARKER } from '../../server/src/budget';
import { PingRequest } from '../../server/src/protocol';

const root = join(__dirname, '..', '..', '..');

/**
 * Time budgets over real LSP: the test-only hook (NATIVELINK_TEST_SLOW_ANALYSIS_MS) makes analysis of a
 * document containing SLOW_MARKER take a minute in 20 ms steps. A request on it must answer empty once its
 * budget is gone while every other document keeps being served, and the analysis itself must give up.
 */
describe('protocol: time budgets (deliberately slow analysis)', function () {
  this.timeout(90_000);
  let proc: ChildProcessWithoutNullStreams;
  let conn: ProtocolConnection;
  const logs: string[] = [];
  const published: PublishDiagnosticsParams[] = [];

  before(async () => {
    proc = spawn(process.execPath, [join(root, 'dist/server.js'), '--stdio'], { stdio: 'pipe', env: { ...process.env, NATIVELINK_TEST_SLOW_ANALYSIS_MS: '60000' } });
    conn = createProtocolConnection(new StreamMessageReader(proc.stdout), new StreamMessageWriter(proc.stdin));
    conn.onNotification('window/logMessage', (p: { message: string }) => logs.push(p.message));
    conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => published.push(p));
    conn.listen();
    await conn.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {} });
    await conn.sendNotification('initialized', {});
  });
  after(() => {
    conn.dispose();
    proc.kill();
  });

  const waitFor = async (what: string, pred: () => boolean, ms = 60_000): Promise<void> => {
    const end = Date.now() + ms;
    while (!pred()) {
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}; logs: ${logs.join('\n')}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  it('answers a request on the slow document empty, serves other documents meanwhile, then checks only syntax', async () => {
    const slow = 'file:///ws/slow/nativelink.json5';
    const secret = 'hunter2-do-not-log';
    const slowText = `// ${SLOW_MARKER}\n{ stores: [ { name: "${secret}", memory: {} } ], servers: [], }\n`;
    void conn.sendNotification('textDocument/didOpen', { textDocument: { uri: slow, languageId: 'json5', version: 1, text: slowText } });
    const hover = await conn.sendRequest('textDocument/hover', { textDocument: { uri: slow }, position: { line: 1, character: 3 } });
    assert.equal(hover, null);
    await waitFor('the budget log line', () => logs.some((l) => /hover answered empty/.test(l)));
    const line = logs.find((l) => /hover answered empty/.test(l))!;
    assert.match(line, /json5 document of \d+ characters, 3 lines/);
    assert.ok(!line.includes(secret) && !line.includes('stores'), line);

    // The slow analysis yields: another document is analysed and answered while it runs.
    const other = 'file:///ws/other/nativelink.json5';
    void conn.sendNotification('textDocument/didOpen', { textDocument: { uri: other, languageId: 'json5', version: 1, text: '{ stores: [ { name: "A", memory: {} } ], servers: [], }\n' } });
    await waitFor('diagnostics of the other document', () => published.some((p) => p.uri === other));
    const h2 = (await conn.sendRequest('textDocument/hover', { textDocument: { uri: other }, position: { line: 0, character: 3 } })) as { contents: { value: string } } | null;
    assert.ok(h2 && /stores/.test(h2.contents.value));
    assert.deepEqual(await conn.sendRequest(PingRequest), {});

    // Past the analysis budget (4 s of steps) the slow document gets its syntax check and a notice.
    await waitFor('the slow document given up', () => published.some((p) => p.uri === slow));
    const notice = published.find((p) => p.uri === slow)!.diagnostics.find((d) => d.code === 'limited');
    assert.match(notice?.message ?? '', /only its syntax is checked/);
    assert.ok(logs.some((l) => /analysis stopped after \d+ ms/.test(l) && !l.includes(secret)));
  });

  it('drops a slow run when a newer version arrives', async () => {
    const uri = 'file:///ws/edit/nativelink.json5';
    void conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'json5', version: 1, text: `// ${SLOW_MARKER}\n{ stores: [], servers: [] }\n` } });
    await new Promise((r) => setTimeout(r, 200));
    void conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: '{ stores: [ { name: "A", memory: {} } ], servers: [], bogus: 1 }\n' }] });
    await waitFor('diagnostics of version 2', () => published.some((p) => p.uri === uri && p.version === 2), 20_000);
    assert.ok(!published.some((p) => p.uri === uri && p.version === 1));
    const d = published.find((p) => p.uri === uri && p.version === 2)!;
    assert.ok(d.diagnostics.some((x) => x.code === 'nativelink/unknown-key'), JSON.stringify(d.diagnostics));
  });
});
