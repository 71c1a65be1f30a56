/** Settings the language service reads; the server pulls them from the client per document. */
export interface Settings {
  /** Per-rule override: "off" silences a rule, a severity changes it. Keys are rule ids. */
  rules: Record<string, 'off' | 'error' | 'warning' | 'information' | 'hint'>;
  /** Glob-ish file name patterns forcing a document kind; content rules decide otherwise. */
  files: {
    nativelink: string[];
    collector: string[];
    exclude: string[];
    /** ConfigMap/Secret entry key globs → the kind of config the entry holds ('none': not a config). */
    embedded?: Record<string, string>;
  };
  collector: { extraComponentTypes: string[] };
  /** Cap: larger documents are only syntax-checked, so a huge file cannot stall the server. */
  maxFileSize: number;
}

export const defaultSettings: Settings = {
  rules: {},
  files: { nativelink: [], collector: [], exclude: [] },
  collector: { extraComponentTypes: [] },
  // Real configs stay far below (a 5,000-line NativeLink config is ~150 KB); the YAML library needs ~1.4 s
  // per MB and cannot be interrupted, so the default keeps a full analysis under the 1 s request budget.
  maxFileSize: 512 * 1024,
};
