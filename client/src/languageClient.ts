import * as vscode from 'vscode';
import {
  CloseAction,
  ErrorAction,
  LanguageClient,
  State,
  TransportKind,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { DocumentKindNotification, PingRequest, SERVED_LANGUAGES, ServerInfoRequest, type DocumentKindParams, type ServerInfo } from '../../server/src/protocol';
import { readConfig } from './config';
import { log, showErrorOnce } from './log';
import { Watchdog } from './watchdog';

const MAX_RESTARTS = 4;
const RESTART_WINDOW_MS = 3 * 60_000;

export async function startLanguageClient(context: vscode.ExtensionContext, channel: vscode.LogOutputChannel): Promise<LanguageClient> {
  const serverModule = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const restarts: number[] = [];
  const clientOptions: LanguageClientOptions = {
    documentSelector: SERVED_LANGUAGES.flatMap((language) => [
      { scheme: 'file', language },
      { scheme: 'untitled', language },
    ]),
    synchronize: { configurationSection: 'nativelink' },
    outputChannel: channel,
    // Hovers are untrusted Markdown: no command links, no HTML.
    markdown: { isTrusted: false, supportHtml: false },
    errorHandler: {
      error: () => ({ action: ErrorAction.Continue }),
      closed: () => {
        const now = Date.now();
        restarts.push(now);
        while (restarts.length && now - restarts[0] > RESTART_WINDOW_MS) restarts.shift();
        if (restarts.length > MAX_RESTARTS) {
          void showErrorOnce('The NativeLink language server crashed repeatedly and was stopped. Run "NativeLink: Restart language server" after checking the logs.');
          return { action: CloseAction.DoNotRestart, handled: true };
        }
        void showErrorOnce('The NativeLink language server stopped unexpectedly and was restarted.');
        return { action: CloseAction.Restart, handled: true };
      },
    },
  };
  const client = new LanguageClient('nativelink', 'NativeLink Language Server', serverOptions, clientOptions);
  client.onNotification(DocumentKindNotification, (p: DocumentKindParams) => void adoptLanguage(p));
  await client.start();
  log().info('language server started');
  watchServer(client, context);
  return client;
}

/**
 * A server that stops answering pings (stuck, not exited) is killed, so the error handler above restarts
 * it under the same crash-loop protection as a crash. The server answers between analysis steps and its
 * requests have a 1 s budget, so half a minute of silence means it is wedged.
 */
function watchServer(client: LanguageClient, context: vscode.ExtensionContext): void {
  let pid: number | undefined;
  const dog = new Watchdog({
    ping: () => client.sendRequest(PingRequest),
    intervalMs: 15_000,
    timeoutMs: 10_000,
    maxMisses: 2,
    onUnresponsive: (silentMs) => {
      log().error(`language server did not answer for ${Math.round(silentMs / 1000)} s; restarting it`);
      if (pid !== undefined) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch (err) {
          log().warn(`could not stop the language server: ${String(err)}`);
        }
      }
    },
  });
  const onRunning = async () => {
    try {
      pid = (await client.sendRequest<ServerInfo>(ServerInfoRequest)).pid;
      dog.start();
    } catch {
      // not running after all; the next state change tries again
    }
  };
  context.subscriptions.push(
    client.onDidChangeState((e) => {
      if (e.newState === State.Running) void onRunning();
      else dog.stop();
    }),
    { dispose: () => dog.stop() },
  );
  void onRunning();
}

/**
 * NativeLink reads `.json` configs as JSON5, so VS Code's JSON validator would flag comments and
 * trailing commas twice; collector YAML moves to our `otelcol` id so Red Hat YAML does not answer
 * every hover and completion a second time.
 */
async function adoptLanguage(p: DocumentKindParams): Promise<void> {
  const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === p.uri);
  if (!doc) return;
  const cfg = readConfig();
  let target: string | undefined;
  if (p.kind === 'nativelink' && (doc.languageId === 'json' || doc.languageId === 'jsonc') && cfg.switchJsonToJson5) target = 'json5';
  if (p.kind === 'collector' && doc.languageId === 'yaml' && cfg.collectorLanguageMode === 'otelcol') target = 'otelcol';
  if (!target) return;
  try {
    await vscode.languages.setTextDocumentLanguage(doc, target);
    log().info(`${doc.uri.fsPath || doc.uri.toString()}: switched language to ${target}`);
  } catch (err) {
    log().warn(`could not switch language of ${p.uri}: ${String(err)}`);
  }
}
