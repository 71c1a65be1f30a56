import type { ParseResult } from '../parser/ast';
import { isDashboard } from '../promrules/dashboard';
import { isRuleFile } from '../promrules/engine';
import type { DocKind } from './rules';
import type { Settings } from './settings';

/** Marker that opts a file out, e.g. `# nativelink: ignore` or `// nativelink: ignore` in the first lines. */
export const OPT_OUT = /^\s*(#|\/\/)\s*nativelink:\s*ignore\b/m;

const NATIVELINK_KEYS = ['stores', 'servers', 'schedulers', 'workers', 'global'];
const COLLECTOR_TOP_KEYS = ['receivers', 'processors', 'exporters', 'extensions', 'connectors', 'service'];
const COLLECTOR_NAMES = [/^otel-?collector.*\.ya?ml$/i, /^otelcol.*\.ya?ml$/i, /collector-config.*\.ya?ml$/i];

export type Family = 'json5' | 'yaml';

export function familyOf(languageId: string, uri: string): Family | undefined {
  if (languageId === 'yaml' || languageId === 'otelcol' || /\.ya?ml$/i.test(uri)) return 'yaml';
  if (['json5', 'json', 'jsonc'].includes(languageId) || /\.json5?c?$/i.test(uri)) return 'json5';
  return undefined;
}

function baseName(uri: string): string {
  const clean = uri.split(/[?#]/)[0];
  return safeDecode(clean.slice(clean.lastIndexOf('/') + 1));
}

/** Minimal glob: `*` within a segment, `**` across segments; matched against the path and the base name. */
export function globMatch(pattern: string, uri: string): boolean {
  const path = safeDecode(uri.replace(/^file:\/\//, ''));
  const re = new RegExp(
    '^' +
      pattern
        .replace(/[.+^$()|[\]\\]/g, '\\$&')
        .replace(/\*\*\/?/g, '\u0000')
        .replace(/\*/g, '[^/]*')
        .replace(/\?/g, '[^/]')
        .replace(/\u0000/g, '.*') +
      '$',
  );
  return re.test(path) || re.test(baseName(uri)) || (!pattern.includes('/') && re.test(baseName(uri)));
}

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

/**
 * A cheap look before the full parse: most JSON and YAML files in a workspace are not configs of
 * ours, and a multi-megabyte Helm values file must not cost a full parse on every keystroke.
 */
export function mightBeOurs(uri: string, languageId: string, text: string, settings: Settings): boolean {
  const family = familyOf(languageId, uri);
  if (!family) return false;
  if (languageId === 'json5' || languageId === 'otelcol') return true;
  const forced = [...settings.files.nativelink, ...settings.files.collector].some((g) => globMatch(g, uri));
  if (forced) return true;
  if (settings.files.exclude.some((g) => globMatch(g, uri))) return false;
  if (family === 'yaml') return COLLECTOR_NAMES.some((re) => re.test(baseName(uri))) || /^["']?(service|receivers|exporters|groups)["']?\s*:/m.test(text) || /^kind:\s*["']?PrometheusRule\b/m.test(text);
  return /["']?stores["']?\s*:/.test(text) || /"panels"\s*:/.test(text) || (text.trim() === '' && /nativelink/i.test(baseName(uri)));
}

/** A URI with a stray `%` (not an escape) is still a name: decoding must not throw and cost the file its features. */
function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
