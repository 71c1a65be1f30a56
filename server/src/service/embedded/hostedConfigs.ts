/**
 * Embedded configs for the diagnosis ("Go to config", applying a suggested value): each as a tree in host
 * offsets, so code written for standalone files (locate a key path, set a value, insert a key) works on the
 * host text unchanged. Nodes that exist only in text we added (Helm chart defaults) are left out of the tree,
 * so nothing ever points at or edits them; `value` is the config as it is rendered, defaults included.
 */
import { toValue, type ASTNode } from '../../parser/ast';
import { parseJson5 } from '../../parser/json5';
import { parseYaml } from '../../parser/yaml';
import type { DocKind } from '../rules';
import { defaultSettings, type Settings } from '../settings';
import { findEmbedded, mightBeHost, type EmbeddedDocument } from './hosts';

export interface HostedConfig {
  kind: DocKind;
  /** Names the document within its host (ConfigMap entry, spec.config, Helm config). */
  label: string;
  /** Tree in host offsets, user-written nodes only. */
  root: ASTNode;
  /** The config's plain value as the collector or NativeLink receives it. */
  value: unknown;
}

export function hostedConfigs(uri: string, text: string, settings: Settings = defaultSettings): HostedConfig[] {
  if (!mightBeHost(text)) return [];
  const out: HostedConfig[] = [];
  for (const e of findEmbedded(uri, text, settings)) {
    if (e.kind !== 'nativelink' && e.kind !== 'collector') continue;
    const parsed = e.family === 'json5' ? parseJson5(e.text) : parseYaml(e.text);
    if (!parsed.root || parsed.errors.length) continue;
    const root = toHost(parsed.root, undefined, e);
    if (root) out.push({ kind: e.kind, label: e.label, root, value: toValue(parsed.root) });
  }
  return out;
}

function toHost(n: ASTNode, parent: ASTNode | undefined, e: EmbeddedDocument): ASTNode | undefined {
  if (e.map.isSynthetic(n.offset, n.length)) return undefined;
  const start = e.map.toHost(n.offset);
  const c: ASTNode = { type: n.type, offset: start, length: Math.max(0, e.map.toHost(n.offset + n.length) - start), parent };
  if ('value' in n) c.value = n.value;
  if ('quoted' in n) c.quoted = n.quoted;
  if (n.colonOffset !== undefined) c.colonOffset = e.map.toHost(n.colonOffset);
  if (n.children) {
    c.children = [];
    for (const ch of n.children) {
      const m = toHost(ch, c, e);
      if (m) c.children.push(m);
      else if (n.type === 'property') return undefined; // a property whose key or value we added is ours, not the user's
    }
  }
  return c;
}
