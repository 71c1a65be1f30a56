import type { ParseResult } from '../parser/ast';
import { isDashboard } from '../promrules/dashboard';
import { isRuleFile } from '../promrules/engine';
import type { DocKind } from './rules';
import type { Settings } from './settings';
import { baseName, COLLECTOR_NAMES, familyOf, globMatch } from './cheapDetect';

// The cheap checks live apart so the extension's activation bundle can use them without the rule-file engine.
export { familyOf, globMatch, mightBeOurs, mightBeHostText, type Family } from './cheapDetect';

/** Marker that opts a file out, e.g. `# nativelink: ignore` or `// nativelink: ignore` in the first lines. */
export const OPT_OUT = /^\s*(#|\/\/)\s*nativelink:\s*ignore\b/m;

const NATIVELINK_KEYS = ['stores', 'servers', 'schedulers', 'workers', 'global'];
const COLLECTOR_TOP_KEYS = ['receivers', 'processors', 'exporters', 'extensions', 'connectors', 'service'];




/**
 * Which engine owns a document: settings first, then an opt-out marker, then the file name,
 * then the content's top-level keys. `undefined` means "not ours".
 */
export function detectKind(uri: string, languageId: string, text: string, parsed: ParseResult | undefined, settings: Settings): DocKind | undefined {
  const family = familyOf(languageId, uri);
  if (!family) return undefined;
  if (settings.files.exclude.some((g) => globMatch(g, uri))) return undefined;
  if (settings.files.nativelink.some((g) => globMatch(g, uri))) return 'nativelink';
  if (settings.files.collector.some((g) => globMatch(g, uri))) return 'collector';
  if (OPT_OUT.test(text.slice(0, 2000))) return undefined;
  if (languageId === 'otelcol') return 'collector';
  const name = baseName(uri);
  const root = parsed?.root;
  const topKeys = new Set(root?.type === 'object' ? (root.children ?? []).map((p) => String(p.children?.[0]?.value)) : []);
  // A name alone decides only for an empty or new file: `otel-collector.yaml` may be a Kubernetes
  // ConfigMap and `nativelink-overview.json` a Grafana dashboard.
  const blank = topKeys.size === 0;
  if (family === 'yaml') {
    if (topKeys.has('service') && (topKeys.has('receivers') || topKeys.has('exporters'))) return 'collector';
    const collectorKeys = COLLECTOR_TOP_KEYS.filter((k) => topKeys.has(k)).length;
    if (COLLECTOR_NAMES.some((re) => re.test(name)) && (blank || collectorKeys > 0)) return 'collector';
    if (isRuleFile(root)) return 'promrules';
    return undefined;
  }
  // OpenAPI documents and .vscode/mcp.json also have a top-level `servers`: one shared key is not enough.
  const nl = NATIVELINK_KEYS.filter((k) => topKeys.has(k)).length;
  const foreign = topKeys.size - nl;
  if (nl > 0 && foreign === 0 && (topKeys.has('stores') || languageId === 'json5')) return 'nativelink';
  if (topKeys.has('stores') && nl >= 2 && foreign < nl) return 'nativelink';
  if (blank && /nativelink/i.test(name) && /\.json5?$/i.test(name)) return 'nativelink';
  // Grafana dashboards are claimed for their PromQL only (the promrules engine has no schema).
  if (isDashboard(root)) return 'promrules';
  return undefined;
}


