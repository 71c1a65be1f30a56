import { defaultSettings, type Settings } from './settings';

/** Maps the `nativelink.*` VS Code settings section onto service settings, ignoring malformed values. */
export function settingsFromClient(section: unknown): Settings {
  const s = (section && typeof section === 'object' ? section : {}) as Record<string, unknown>;
  const arr = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
  const obj = (v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
  const strings = (v: unknown) => Object.fromEntries(Object.entries(obj(v)).filter((e): e is [string, string] => typeof e[1] === 'string'));
  const rules: Settings['rules'] = {};
  for (const [k, v] of Object.entries(obj(s.rules))) {
    if (v === 'off' || v === 'error' || v === 'warning' || v === 'information' || v === 'hint') rules[k] = v;
  }
  const files = obj(s.files);
  const collector = obj(s.collector);
  const max = typeof s.maxFileSize === 'number' && s.maxFileSize > 0 ? s.maxFileSize : defaultSettings.maxFileSize;
  return {
    rules,
    files: { nativelink: arr(files.nativelink), collector: arr(files.collector), exclude: arr(files.exclude), embedded: strings(files.embedded) },
    collector: { extraComponentTypes: arr(collector.extraComponentTypes) },
    maxFileSize: max,
  };
}
