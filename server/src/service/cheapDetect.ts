/**
 * The cheap look at a document, before any parse: the part of detection the extension's activation bundle needs to
 * decide whether to start the language client. No parser and no rule engine may be imported here (issue 15: the
 * activation bundle stays small).
 */
import type { Settings } from './settings';

export const COLLECTOR_NAMES = [/^otel-?collector.*\.ya?ml$/i, /^otelcol.*\.ya?ml$/i, /collector-config.*\.ya?ml$/i];

export type Family = 'json5' | 'yaml';

export function familyOf(languageId: string, uri: string): Family | undefined {
  if (languageId === 'yaml' || languageId === 'otelcol' || /\.ya?ml$/i.test(uri)) return 'yaml';
  if (['json5', 'json', 'jsonc'].includes(languageId) || /\.json5?c?$/i.test(uri)) return 'json5';
  return undefined;
}

export function baseName(uri: string): string {
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

/**
 * Kubernetes manifests and Helm values that may hold a config of ours (the same signals as
 * embedded/hosts.ts `mightBeHost`, which also takes registered ones): ConfigMaps, Secrets, OpenTelemetryCollector and
 * PrometheusRule resources, and chart values with `config:` beside `mode:`/`image:`/`presets:`.
 */
export function mightBeHostText(text: string): boolean {
  return /^kind:\s*["']?(?:ConfigMap|Secret|OpenTelemetryCollector|PrometheusRule)\b/m.test(text) || (/^ {0,2}(?:config|alternateConfig):/m.test(text) && /^ {0,2}(?:mode|image|presets|alternateConfig):/m.test(text));
}

/** A URI with a stray `%` (not an escape) is still a name: decoding must not throw and cost the file its features. */
function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
