/**
 * Activation only: commands, the view's registration and the decision to start the language client. The
 * extension activates on every JSON and YAML file (configs are detected by content), so the heavy parts are
 * separate bundles required on first use: `dist/languageClient.js` once an open document could be ours,
 * `dist/features.js` (cluster engine, undici, diagnosis, YAML parser) once the view is shown, a cluster is
 * configured or one of their commands runs.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { SERVED_LANGUAGES } from '../../server/src/protocol';
import { familyOf, mightBeHostText, mightBeOurs } from '../../server/src/service/cheapDetect';
import { settingsFromClient } from '../../server/src/service/settingsFromClient';
import type { HealthNode } from './cluster/healthTree';
import { readClusters, silenceRule } from './config';
import type * as FeaturesModule from './features';
import type { Features } from './features';
import type * as ClientModule from './clientBundle';
import { LazyTreeProvider } from './lazyTree';
import { createLog } from './log';
import { registerNewConfig } from './newConfig';

/** Milliseconds, measured inside the extension host; the integration tier records them for `npm run bench`. */
export interface ActivationTiming {
  /** Evaluating dist/extension.js (from its first line to its last). */
  moduleMs?: number;
  /** The activate() call itself. */
  activateMs: number;
  /** require() of dist/languageClient.js, and from then until the server answered initialize. */
  clientModuleMs?: number;
  clientStartMs?: number;
  /** require() of dist/features.js plus registering the view's engine and commands. */
  featuresMs?: number;
}

/** Returned from activate() only when NATIVELINK_EXTENSION_TEST=1, for integration tests. */
export interface NativeLinkTestApi {
  /** Starts the language client if no document has yet. */
  client(): Promise<LanguageClient>;
  /** Loads the cluster view's engine and the diagnosis if nothing has yet. */
  features(): Promise<Features>;
  loaded(): { client: boolean; features: boolean };
  timing: ActivationTiming;
}

declare const __nativelinkBundleStart: number | undefined;
const moduleEvaluated = performance.now();

let clientStart: Promise<LanguageClient> | undefined;
/** The started client, for features that ask the server (live numbers); undefined until it answered. */
let clientReady: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<NativeLinkTestApi | undefined> {
  const began = performance.now();
  const timing: ActivationTiming = {
    activateMs: 0,
    moduleMs: typeof __nativelinkBundleStart === 'number' ? moduleEvaluated - __nativelinkBundleStart : undefined,
  };
  const channel = createLog(context);
  channel.info(`activating NativeLink extension ${context.extension.packageJSON.version}`);
  const bundle = (name: string) => context.asAbsolutePath(`dist/${name}.js`);

  const startClient = (): Promise<LanguageClient> => {
    clientStart ??= (async () => {
      const t0 = performance.now();
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const mod = require(bundle('languageClient')) as typeof ClientModule;
      timing.clientModuleMs = performance.now() - t0;
      mod.adoptLog(channel);
      const c = await mod.startLanguageClient(context, channel);
      timing.clientStartMs = performance.now() - t0 - timing.clientModuleMs;
      clientReady = c;
      return c;
    })();
    return clientStart;
  };

  // Features: loaded once, synchronously, so a stub command can hand over to the real one at once.
  let features: Features | undefined;
  const stubs: vscode.Disposable[] = [];
  const tree = new LazyTreeProvider<HealthNode>(async () => loadFeatures());
  const view = vscode.window.createTreeView('nativelink.health', { treeDataProvider: tree, showCollapseAll: true });
  const loadFeatures = (): Features => {
    if (features) return features;
    const t0 = performance.now();
    // The real commands take the stubs' ids.
    for (const s of stubs.splice(0)) s.dispose();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(bundle('features')) as typeof FeaturesModule;
    mod.adoptLog(channel);
    features = mod.startFeatures(context, channel, view, (t) => tree.attach(t), () => clientReady);
    timing.featuresMs = performance.now() - t0;
    channel.info(`cluster view and diagnosis loaded in ${timing.featuresMs.toFixed(0)} ms`);
    return features;
  };

  context.subscriptions.push(
    tree,
    view,
    vscode.commands.registerCommand('nativelink.showLogs', () => channel.show()),
    vscode.commands.registerCommand('nativelink.restartServer', async () => {
      if (clientStart) await (await clientStart).restart();
      else await startClient();
      channel.info('language server restarted by user');
    }),
    vscode.commands.registerCommand('nativelink.silenceRule', async (ruleId: unknown) => {
      if (typeof ruleId === 'string' && /^[\w/-]+$/.test(ruleId)) await silenceRule(ruleId);
    }),
  );
  registerNewConfig(context);
  const loadIfClusters = () => {
    if (!features && readClusters().length) setTimeout(() => safely(loadFeatures, channel), 0);
  };
  loadIfClusters();

  // The language client starts with the first document the server could own (the same cheap check it makes).
  const couldBeOurs = (doc: vscode.TextDocument) => {
    if (clientStart || (doc.uri.scheme !== 'file' && doc.uri.scheme !== 'untitled')) return false;
    if (!(SERVED_LANGUAGES as readonly string[]).includes(doc.languageId)) return false;
    const c = vscode.workspace.getConfiguration('nativelink');
    const text = doc.getText();
    // Kubernetes manifests and Helm values count too: the server checks the configs inside them.
    return mightBeOurs(doc.uri.toString(), doc.languageId, text, settingsFromClient({ files: c.get('files') })) || (familyOf(doc.languageId, doc.uri.toString()) === 'yaml' && mightBeHostText(text));
  };
  const startIfOurs = (doc: vscode.TextDocument) => {
    if (couldBeOurs(doc)) startClient().catch((err) => channel.error(`language client did not start: ${String(err)}`));
  };
  context.subscriptions.push(
    vscode.workspace.onDidOpenTextDocument(startIfOurs),
    vscode.workspace.onDidChangeTextDocument((e) => startIfOurs(e.document)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('nativelink.files')) vscode.workspace.textDocuments.forEach(startIfOurs);
      if (e.affectsConfiguration('nativelink.clusters')) loadIfClusters();
    }),
    { dispose: () => void clientStart?.then((c) => c.stop()) },
  );
  vscode.workspace.textDocuments.forEach(startIfOurs);
  // Last, so every command activation registered itself is taken: each other contributed command is a stub
  // that loads the features bundle (which registers the real one) and runs it.
  const contributed: { command: string }[] = context.extension.packageJSON.contributes?.commands ?? [];
  for (const { command } of contributed) {
    try {
      stubs.push(
        vscode.commands.registerCommand(command, (...args: unknown[]) => {
          loadFeatures();
          return vscode.commands.executeCommand(command, ...args);
        }),
      );
    } catch {
      // registered above (showLogs, restartServer, …)
    }
  }
  context.subscriptions.push({ dispose: () => stubs.forEach((s) => s.dispose()) });
  timing.activateMs = performance.now() - began;
  if (process.env.NATIVELINK_EXTENSION_TEST !== '1') return undefined;
  return {
    client: startClient,
    features: async () => loadFeatures(),
    loaded: () => ({ client: !!clientStart, features: !!features }),
    timing,
  };
}

function safely(fn: () => unknown, channel: vscode.LogOutputChannel): void {
  try {
    fn();
  } catch (err) {
    channel.error(`could not load the cluster view: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
  }
}

export async function deactivate(): Promise<void> {
  await (await clientStart?.catch(() => undefined))?.stop();
}
