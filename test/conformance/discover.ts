import * as YAML from 'yaml';
import { parseJson5 } from '../../server/src/parser/json5';
import { gitFiles, gitShow } from '../upstreamMirror';

/** One config to check: a whole file, or the n-th json/json5 code block of a docs page (`path#block-n`). */
export interface UpstreamConfig {
  path: string;
  text: string;
}

const NL_TREES = ['web/apps/docs/content/docs', 'kubernetes', 'deployment-examples'];
/** Reference pages of older releases describe other versions' configs. */
const OLD_REFERENCE = /\/reference\/nativelink-config\/v\d+\.\d+\.\d+\.mdx$/;

/** The n-th ```json/```json5 block of a Markdown page, 0-based, with its text. */
export function codeBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```json5?[^\n]*\n([\s\S]*?)^```/gm)].map((m) => m[1]);
}

/** A whole NativeLink config (not a fragment): a JSON5 object with `stores` and `servers` or `workers` at the top. */
export function isWholeNativelinkConfig(text: string): boolean {
  const r = parseJson5(text);
  if (!r.root || r.root.type !== 'object' || r.errors.length > 0) return false; // a snippet, not a file
  const keys = new Set((r.root.children ?? []).map((p) => String(p.children?.[0]?.value)));
  return keys.has('stores') && (keys.has('servers') || keys.has('workers'));
}

/** Every NativeLink JSON5 config in the docs, kubernetes/ and deployment-examples/ trees of the mirror at `tag`. */
export function nativelinkConfigs(gitDir: string, tag: string): UpstreamConfig[] {
  const out: UpstreamConfig[] = [];
  for (const tree of NL_TREES) {
    for (const f of gitFiles(gitDir, tag, tree)) {
      if (f.endsWith('.json5')) out.push({ path: f, text: gitShow(gitDir, tag, f) ?? '' });
      else if (f.endsWith('.mdx') && !OLD_REFERENCE.test(f)) {
        codeBlocks(gitShow(gitDir, tag, f) ?? '').forEach((text, i) => {
          if (isWholeNativelinkConfig(text)) out.push({ path: `${f}#block-${i}`, text });
        });
      }
    }
  }
  return out;
}

/** The `data.<key>` string of a Kubernetes ConfigMap in a multi-document YAML file. */
export function configMapEntry(text: string, key: string): string | undefined {
  for (const doc of YAML.parseAllDocuments(text)) {
    const v = (doc.toJS() as { kind?: string; data?: Record<string, unknown> } | null) ?? {};
    if (v.kind === 'ConfigMap' && typeof v.data?.[key] === 'string') return v.data[key] as string;
  }
  return undefined;
}

/** Text of a manifest path at `tag`: `file`, `file#block-n` (docs code block) or `file#configmap-<key>`. */
export function readConfig(gitDir: string, tag: string, path: string): string | undefined {
  const [file, frag] = path.split('#');
  const text = gitShow(gitDir, tag, file);
  if (text === undefined || frag === undefined) return text;
  if (frag.startsWith('block-')) return codeBlocks(text)[Number(frag.slice('block-'.length))];
  if (frag.startsWith('configmap-')) return configMapEntry(text, frag.slice('configmap-'.length));
  return undefined;
}
