import {
  createConnection,
  ErrorCodes,
  ProposedFeatures,
  ResponseError,
  TextDocuments,
  TextDocumentSyncKind,
  type Connection,
  type InitializeParams,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { AnalysisRunner, REQUEST_BUDGET_MS, shape, within } from './budget';
import { DocumentKindNotification, LiveTargetsRequest, PingRequest, ServerInfoRequest, type DocumentKindParams, type LiveTargetsParams, type ServerInfo } from './protocol';
import { engines } from './service/engines';
import { HostAwareLanguageService } from './service/embedded/hostService';
import { UserFacingError } from './service/languageService';
import { defaultSettings, type Settings } from './service/settings';
import { settingsFromClient } from './service/settingsFromClient';
import { cacheFills, clearCaches } from './cacheFill';

/**
 * Thin handlers: own the connection, settings and scheduling; every answer comes from the pure
 * ConfigLanguageService. Runs over IPC from the extension or standalone with `--stdio`.
 */
const connection: Connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
// Host files (ConfigMaps, OpenTelemetryCollector resources, Helm values) are answered inside their embedded configs.
const service = new HostAwareLanguageService(engines, (m) => connection.console.error(m));
const runner = new AnalysisRunner(service, (uri) => documents.get(uri)?.version, (m) => connection.console.warn(m));

let pullConfiguration = false;
const settingsCache = new Map<string, Promise<Settings>>();
const pending = new Map<string, NodeJS.Timeout>();
const sentKinds = new Map<string, string | null>();
// Change notifications that arrive together (one read from the pipe) fold into one run; a typed key shows its
// diagnostics at once: nothing slower than the analysis itself stands between a change and its diagnostics (a run
// that a newer version overtakes is dropped at its next yield, and a stale result is never published).
const VALIDATE_DELAY_MS = 1;

connection.onInitialize((params: InitializeParams) => {
  pullConfiguration = !!params.capabilities.workspace?.configuration;
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      completionProvider: { triggerCharacters: [':', '"', "'", ' ', '-', '['], resolveProvider: false },
      hoverProvider: true,
      codeActionProvider: { codeActionKinds: ['quickfix'] },
      documentSymbolProvider: true,
      definitionProvider: true,
      referencesProvider: true,
      renameProvider: { prepareProvider: true },
    },
    serverInfo: { name: 'nativelink-language-server', version: '0.1.0' },
  };
});

function getSettings(uri: string): Promise<Settings> {
  if (!pullConfiguration) return Promise.resolve(defaultSettings);
  let s = settingsCache.get(uri);
  if (!s) {
    s = connection.workspace
      .getConfiguration({ scopeUri: uri, section: 'nativelink' })
      .then(settingsFromClient, () => defaultSettings);
    settingsCache.set(uri, s);
  }
  return s;
}

connection.onDidChangeConfiguration(() => {
  settingsCache.clear();
  for (const doc of documents.all()) schedule(doc);
});

/** Debounced per document; a newer version cancels the pending run so stale results are never published. */
function schedule(doc: TextDocument, delay = VALIDATE_DELAY_MS): void {
  const prev = pending.get(doc.uri);
  if (prev) clearTimeout(prev);
  pending.set(
    doc.uri,
    setTimeout(() => {
      pending.delete(doc.uri);
      void validate(doc.uri, doc.version);
    }, delay),
  );
}

async function validate(uri: string, version: number): Promise<void> {
  const settings = await getSettings(uri);
  const doc = documents.get(uri);
  if (!doc || doc.version !== version) return;
  try {
    // Yields between steps; a newer version arriving meanwhile drops this run (the newer one publishes).
    await runner.get(doc, settings);
    if (documents.get(uri)?.version !== version) return;
    const diagnostics = service.diagnostics(doc, settings);
    const kind = service.analyze(doc, settings)?.kind ?? null;
    if (sentKinds.get(uri) !== kind) {
      sentKinds.set(uri, kind);
      void connection.sendNotification(DocumentKindNotification, { uri, kind } satisfies DocumentKindParams);
    }
    await connection.sendDiagnostics({ uri, version, diagnostics });
  } catch (err) {
    connection.console.error(`validation failed for ${uri}: ${err instanceof Error ? err.stack : String(err)}`);
  }
}

documents.onDidOpen((e) => schedule(e.document, 0));
documents.onDidChangeContent((e) => schedule(e.document));
documents.onDidClose((e) => {
  const t = pending.get(e.document.uri);
  if (t) clearTimeout(t);
  pending.delete(e.document.uri);
  settingsCache.delete(e.document.uri);
  sentKinds.delete(e.document.uri);
  service.forget(e.document.uri);
  void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
});

const TIMED_OUT = Symbol('timed out');

/**
 * Wraps a request handler: waits for the document's analysis within the request budget, then answers from
 * it. A thrown error is logged and answered empty, never a crash; so is a request that blows its budget.
 */
function guarded<P extends { textDocument: { uri: string } }, R>(
  name: string,
  empty: R,
  fn: (doc: TextDocument, settings: Settings, params: P) => R,
): (params: P, token: { isCancellationRequested: boolean }) => Promise<R> {
  return async (params, token) => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return empty;
    const started = performance.now();
    const settings = await getSettings(doc.uri);
    if (token.isCancellationRequested) return empty;
    try {
      const analysis = await within(runner.get(doc, settings), REQUEST_BUDGET_MS - (performance.now() - started), TIMED_OUT);
      if (analysis === TIMED_OUT) {
        connection.console.warn(`${name} answered empty: analysis of ${shape(doc)} did not finish within the ${REQUEST_BUDGET_MS} ms request budget`);
        return empty;
      }
      if (token.isCancellationRequested || documents.get(doc.uri)?.version !== doc.version) return empty;
      const result = fn(doc, settings, params);
      const ms = performance.now() - started;
      if (ms > REQUEST_BUDGET_MS) {
        connection.console.warn(`${name} answered empty: it took ${ms.toFixed(0)} ms (budget ${REQUEST_BUDGET_MS} ms) on ${shape(doc)}`);
        return empty;
      }
      return result;
    } catch (err) {
      if (err instanceof UserFacingError) return new ResponseError(ErrorCodes.InvalidParams, err.message) as unknown as R;
      connection.console.error(`${name} failed: ${err instanceof Error ? err.stack : String(err)}`);
      return empty;
    }
  };
}

connection.onCompletion(guarded('completion', null, (doc, s, p) => service.completion(doc, p.position, s)));
connection.onHover(guarded('hover', null, (doc, s, p) => service.hover(doc, p.position, s)));
connection.onCodeAction(guarded('codeAction', [], (doc, s, p) => service.codeActions(doc, p.range, s)));
connection.onDocumentSymbol(guarded('documentSymbol', [], (doc, s) => service.documentSymbols(doc, s)));
connection.onDefinition(guarded('definition', [], (doc, s, p) => service.definition(doc, p.position, s)));
connection.onReferences(guarded('references', [], (doc, s, p) => service.references(doc, p.position, p.context.includeDeclaration, s)));
connection.onPrepareRename(guarded('prepareRename', null, (doc, s, p) => service.prepareRename(doc, p.position, s)));
connection.onRenameRequest(guarded('rename', null, (doc, s, p) => service.rename(doc, p.position, p.newName, s)));

connection.onRequest(
  LiveTargetsRequest,
  (p: LiveTargetsParams, token: { isCancellationRequested: boolean }) => guarded('liveTargets', { kind: undefined, targets: [] }, (doc, s) => service.liveTargets(doc, s))({ textDocument: { uri: p.uri } }, token),
);
connection.onRequest(ServerInfoRequest, (): ServerInfo => ({ pid: process.pid, version: '0.1.0' }));
// The client's watchdog: a server that stops answering this is restarted.
connection.onRequest(PingRequest, () => ({}));

// Only a server started with `node --expose-gc` (the fuzzer) has gc: its heap after a full collection is the
// leak signal; RSS alone mostly shows how much heap V8 chose to keep.
const gc = (globalThis as { gc?: () => void }).gc;
if (gc) {
  connection.onRequest('$/nativelink/heapAfterGc', (p?: { clearCaches?: boolean }) => {
    if (p?.clearCaches) clearCaches();
    gc();
    return { heapUsed: process.memoryUsage().heapUsed, caches: cacheFills() };
  });
}

documents.listen(connection);
connection.listen();
