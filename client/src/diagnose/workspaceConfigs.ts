import * as vscode from 'vscode';
import type { ASTNode } from '../../../server/src/parser/ast';
import { parseJson5 } from '../../../server/src/parser/json5';
import { parseYaml } from '../../../server/src/parser/yaml';
import { detectKind, mightBeOurs } from '../../../server/src/service/detect';
import { hostedConfigs } from '../../../server/src/service/embedded/hostedConfigs';
import type { DocKind } from '../../../server/src/service/rules';
import { defaultSettings } from '../../../server/src/service/settings';

/** A NativeLink or collector config found in the workspace, parsed once for the diagnosis. */
export interface WorkspaceConfig {
  uri: vscode.Uri;
  kind: DocKind;
  text: string;
  root: ASTNode;
  /** Set for a config inside a host file (ConfigMap entry, OpenTelemetryCollector, Helm values): which one. */
  embedded?: string;
  /** The rendered value when it differs from `root` (Helm chart defaults are not in the host's text). */
  value?: unknown;
}

/** The tree of `config` in (possibly edited) `text`: the whole file, or its embedded document. */
export function rootIn(config: WorkspaceConfig, text: string): ASTNode | undefined {
  if (config.embedded) return hostedConfigs(config.uri.toString(), text).find((c) => c.label === config.embedded && c.kind === config.kind)?.root;
  return (config.kind === 'nativelink' ? parseJson5(text) : parseYaml(text)).root;
}

const MAX_FILES = 100;
const MAX_BYTES = 1024 * 1024;

/** Open documents first (they hold unsaved edits), then files on disk, capped so a huge repo cannot stall. */
export async function findWorkspaceConfigs(token?: vscode.CancellationToken): Promise<WorkspaceConfig[]> {
  const seen = new Set<string>();
  const out: WorkspaceConfig[] = [];
  const consider = (uri: vscode.Uri, languageId: string, text: string) => {
    if (seen.has(uri.toString()) || text.length > MAX_BYTES) return;
    seen.add(uri.toString());
    const yaml = /\.ya?ml$/i.test(uri.path) || languageId === 'yaml' || languageId === 'otelcol';
    // The cheap look first: most JSON/YAML in a repo is not a config of ours and must not cost a parse.
    if (mightBeOurs(uri.toString(), languageId, text, defaultSettings)) {
      const parsed = yaml ? parseYaml(text) : parseJson5(text);
      const kind = detectKind(uri.toString(), languageId, text, parsed, defaultSettings);
      // Rule files and dashboards carry no config facts for the diagnosis.
      if (kind && kind !== 'promrules' && parsed.root) return void out.push({ uri, kind, text, root: parsed.root });
      if (kind === 'promrules') return;
    }
    // Kubernetes manifests and Helm values holding configs (hostedConfigs looks cheaply before parsing).
    if (yaml) for (const c of hostedConfigs(uri.toString(), text)) out.push({ uri, kind: c.kind, text, root: c.root, embedded: c.label, value: c.value });
  };
  for (const d of vscode.workspace.textDocuments) {
    if (['json5', 'json', 'jsonc', 'yaml', 'otelcol'].includes(d.languageId)) consider(d.uri, d.languageId, d.getText());
  }
  if (vscode.workspace.workspaceFolders?.length) {
    const files = await vscode.workspace.findFiles('**/*.{json5,json,yaml,yml}', '{**/node_modules/**,**/.git/**,**/dist/**,**/out/**}', MAX_FILES, token);
    for (const uri of files) {
      if (token?.isCancellationRequested) break;
      if (seen.has(uri.toString())) continue;
      try {
        const bytes = await vscode.workspace.fs.readFile(uri);
        if (bytes.byteLength > MAX_BYTES) continue;
        const lang = /\.ya?ml$/i.test(uri.path) ? 'yaml' : /\.json5$/i.test(uri.path) ? 'json5' : 'json';
        consider(uri, lang, Buffer.from(bytes).toString('utf8'));
        // Parsing runs on the extension host: let other extensions breathe between files.
        await new Promise((r) => setImmediate(r));
      } catch {
        /* unreadable files are simply not configs for this purpose */
      }
    }
  }
  return out;
}

/** `schedulers[0].simple.worker_timeout_s` → ['schedulers', 0, 'simple', 'worker_timeout_s']. */
export function parseKeyPath(path: string): (string | number)[] {
  const out: (string | number)[] = [];
  for (const m of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) out.push(m[2] !== undefined ? Number(m[2]) : m[1]);
  return out;
}

export interface Located {
  /** The value node at the path, when every segment exists. */
  value?: ASTNode;
  /** The key node of the deepest existing property (what to underline when the key is missing). */
  anchor: ASTNode;
  /** The deepest existing object on the path. */
  container: ASTNode;
  /** Segments that do not exist yet. */
  missing: (string | number)[];
}

export function locate(root: ASTNode, path: (string | number)[]): Located {
  let node: ASTNode = root;
  let anchor: ASTNode = root;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i];
    let next: ASTNode | undefined;
    let key: ASTNode | undefined;
    if (typeof seg === 'number') next = node.type === 'array' ? node.children?.[seg] : undefined;
    else if (node.type === 'object') {
      const prop = node.children?.find((p) => p.children?.[0]?.value === seg);
      key = prop?.children?.[0];
      next = prop?.children?.[1];
    }
    if (!next) return { anchor, container: node, missing: path.slice(i) };
    if (key) anchor = key;
    node = next;
  }
  return { value: node, anchor, container: node.parent?.type === 'property' ? node.parent.parent ?? node : node, missing: [] };
}
