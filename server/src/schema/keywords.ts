/**
 * Non-standard keywords used by schemas/nativelink-config.schema.json.
 *
 * The schema is draft-07 (definitions + local "#/definitions/X" refs). On top of the standard
 * vocabulary it uses:
 *  - `customKeywords`: our own `x-*` annotations, read by the schema walker / rules engine;
 *  - `editorKeywords`: the VS Code JSON-schema extensions (hover text, deprecation, snippets).
 * Tests register every name from both lists with `ajv.addKeyword` so ajv's strict mode accepts them.
 */

export interface KeywordDoc {
  readonly name: string;
  /** One line: what the keyword means and the shape of its value. */
  readonly doc: string;
}

/** Our own annotation keywords. */
export const customKeywords: readonly KeywordDoc[] = [
  {
    name: 'x-grammar',
    doc: 'String naming how the binary parses the value (see `grammars`): size, duration, int-or-string, bool-or-string, shellexpand, address, uri, literal, ...',
  },
  {
    name: 'x-exactly-one-of',
    doc: 'Array of property names of which exactly one must be present (the variant key of an externally tagged enum); other properties such as `name` are not counted.',
  },
  {
    name: 'x-ref-kind',
    doc: '"store" | "scheduler": the string value is the name of a top-level store / scheduler entry (cross-reference check and completion).',
  },
  {
    name: 'x-alias-of',
    doc: 'On a legacy/alias property spelling: the current spelling of the same field (giving both is a duplicate-field error).',
  },
  {
    name: 'x-docs',
    doc: 'URL of the NativeLink documentation page that covers this field or type.',
  },
  {
    name: 'x-guide',
    doc: 'URL (troubleshooting guide anchor) of the operator guide section that discusses this field.',
  },
  {
    name: 'x-unit',
    doc: 'Unit of a numeric value as the binary interprets it: "bytes" | "seconds" | "milliseconds" (shown in hover).',
  },
  {
    name: 'x-deny-unknown',
    doc: 'true when the binary rejects unknown keys in this object (serde deny_unknown_fields, report as error); false when it silently ignores them (report as warning).',
  },
  {
    name: 'x-discriminator',
    doc: 'On a `oneOf` of object shapes: the property whose `const` value selects the branch (internally tagged enum, e.g. "provider").',
  },
  {
    name: 'x-enum-descriptions',
    doc: 'Array parallel to `enum`: one short description per accepted value, for completion and hover.',
  },
  // --- used by schemas/otel-collector-config.schema.json (collector engine) ---
  {
    name: 'x-components',
    doc: 'On a component section (receivers, processors, ...): map component TYPE (id part before "/") -> "#/definitions/X" body schema. Deprecated spellings map to the same definition. Unknown types are the rules\' business.',
  },
  {
    name: 'x-renamed',
    doc: 'On a component section: map deprecated type alias -> current type name (e.g. {"otlp": "otlp_grpc"}), for the rename hint/quick fix.',
  },
  {
    name: 'x-known-types',
    doc: 'On a component section: array of type names that exist in common distributions but have no body schema here (rules may treat them as known, unvalidated).',
  },
  {
    name: 'x-signals',
    doc: 'On a receiver/processor/exporter body definition: array of signals it supports ("traces" | "metrics" | "logs" | "profiles").',
  },
  {
    name: 'x-connector-pairs',
    doc: 'On a connector body definition: array of [exporterSideSignal, receiverSideSignal] pairs it supports, e.g. [["traces","metrics"]].',
  },
  {
    name: 'x-at-least-one-of',
    doc: 'Array of property names of which at least one must be present when the object is given (e.g. memory_limiter limit_mib | limit_percentage).',
  },
  {
    name: 'x-feature-gate',
    doc: 'String: collector feature gate (--feature-gates) that must be enabled for this key / pipeline to be accepted.',
  },
  {
    name: 'x-case-insensitive',
    doc: 'true when the binary compares this string against `enum` case-insensitively (e.g. "UPSERT" is accepted).',
  },
  {
    name: 'x-removed-in',
    doc: 'Version (e.g. "v0.128.0") from which the binary rejects this key; paired with deprecationMessage explaining the replacement.',
  },
  {
    name: 'x-squash',
    doc: 'Informational: array of "#/definitions/X" refs whose properties are inlined (flattened) into this object, as Go mapstructure ",squash" does.',
  },
  {
    name: 'x-grammars',
    doc: 'On a schema root: map grammar name -> description, documenting the x-grammar values that schema uses.',
  },
];

/** VS Code JSON-schema extension keywords (annotations only). */
export const editorKeywords: readonly KeywordDoc[] = [
  { name: 'markdownDescription', doc: 'Markdown variant of `description` for hovers.' },
  { name: 'deprecationMessage', doc: 'Message shown (as a deprecation diagnostic) when the property is used.' },
  {
    name: 'defaultSnippets',
    doc: 'Array of {label, description, body}; body is a JSON value whose strings may hold snippet placeholders like "${1:name}".',
  },
];

/** Names only, for `ajv.addKeyword` and walkers. */
export const customKeywordNames: readonly string[] = customKeywords.map((k) => k.name);
export const editorKeywordNames: readonly string[] = editorKeywords.map((k) => k.name);

export interface GrammarDoc extends KeywordDoc {
  /** True when the binary runs `shellexpand::env` on string input (so `$VAR`, `${VAR}`, `${VAR:-default}` work). */
  readonly expandsEnv: boolean;
}

/**
 * Values of `x-grammar`. Every grammar that accepts strings and has `expandsEnv: true` goes through
 * NativeLink's `serde_utils.rs` helpers: `$VAR` / `${VAR}` / `${VAR:-default}` are substituted from the
 * process environment (an unset variable without default is a startup error; `~` is never expanded).
 * A string property with `x-grammar: "literal"` (or with no x-grammar at all) is used verbatim: a
 * `${VAR}` in it stays literal text, which deserves a warning.
 */
export const grammars: readonly GrammarDoc[] = [
  {
    name: 'shellexpand',
    expandsEnv: true,
    doc: 'Free-form string; environment references are expanded, nothing else is checked.',
  },
  {
    name: 'literal',
    expandsEnv: false,
    doc: 'Free-form string taken verbatim: `${VAR}` is NOT expanded (names, paths and headers read without the helper).',
  },
  {
    name: 'size',
    expandsEnv: true,
    doc: 'Data size: non-negative integer bytes, or a string "<number>[unit]" (decimals ok, case-insensitive; K/M/G/T/P/E = 1000^n, Ki/Mi/Gi/Ti/Pi/Ei = 1024^n, trailing b/B = bytes, e.g. "10gb", "1.5GiB", "128mib"). JSON floats are rejected.',
  },
  {
    name: 'duration',
    expandsEnv: true,
    doc: 'Duration: non-negative integer seconds, or a humantime string ("30s", "5m", "1h30m", "2d"; units ns/us/ms/s/m/h/d/w/M/y and long forms; case-sensitive, M = month). Truncated to whole seconds, so "500ms" becomes 0. A bare number in a string ("30") is rejected.',
  },
  {
    name: 'duration-signed',
    expandsEnv: true,
    doc: 'As `duration`, but negative integers are allowed (used where -1/0 disables a periodic task).',
  },
  {
    name: 'int-or-string',
    expandsEnv: true,
    doc: 'Integer, or a string holding a plain decimal integer after expansion and trimming (no units, no "_", no fraction); range-checked into the Rust type.',
  },
  {
    name: 'bool-or-string',
    expandsEnv: true,
    doc: 'Boolean, or a string that is "true"/"false" (any case, trimmed) after expansion; null and "" are rejected.',
  },
  {
    name: 'address',
    expandsEnv: true,
    doc: 'Socket address "IP:port" (e.g. "0.0.0.0:50051", "[::]:50051"); host names and a bare ":port" are rejected at startup.',
  },
  {
    name: 'uri',
    expandsEnv: true,
    doc: 'Endpoint URI with a scheme, e.g. "grpc://host:50051" or "grpcs://host:443" (grpcs/https require a tls_config and vice versa).',
  },
];

export const grammarNames: readonly string[] = grammars.map((g) => g.name);

/** Grammars whose string input is shell-expanded by the binary. */
export const envExpandingGrammars: ReadonlySet<string> = new Set(grammars.filter((g) => g.expandsEnv).map((g) => g.name));

/** Values of `x-ref-kind`. */
export const refKinds = ['store', 'scheduler'] as const;
export type RefKind = (typeof refKinds)[number];

/** Values of `x-unit`. */
export const units = ['bytes', 'seconds', 'milliseconds'] as const;
export type Unit = (typeof units)[number];

/**
 * Values of `x-grammar` in schemas/otel-collector-config.schema.json (the collector engine has its own
 * grammar table; the root's `x-grammars` map repeats these descriptions). Values that contain `${...}`
 * are resolved by the collector at run time and are not checked.
 */
export const collectorGrammars: readonly KeywordDoc[] = [
  { name: 'duration', doc: 'Go duration: <number><unit> sequence with ns, us, µs, ms, s, m, h (e.g. "200ms", "1m30s"); "0" allowed; negative values are reported; an integer is nanoseconds.' },
  { name: 'endpoint', doc: 'host:port listen/dial address; host may be empty (":4317") or a bracketed IPv6 literal.' },
  { name: 'grpc-endpoint', doc: 'gRPC target host:port, optionally prefixed http://, https:// or dns:///, or unix:<path>; a port is required.' },
  { name: 'url', doc: 'Absolute http(s) URL.' },
  { name: 'http-path', doc: 'URL path starting with "/".' },
  { name: 'size-mib', doc: 'Non-negative integer count of MiB.' },
  { name: 'component-id', doc: 'type[/name] component ID (type ^[a-zA-Z][0-9a-zA-Z_]{0,62}$, name without spaces/controls/symbols).' },
  { name: 'pipeline-id', doc: 'signal[/name] with signal traces | metrics | logs | profiles.' },
  { name: 'env-var-name', doc: 'Environment variable name ^[a-zA-Z_][a-zA-Z0-9_]*$.' },
  { name: 'regex', doc: 'RE2 regular expression.' },
  { name: 'ottl-statement', doc: 'OTTL statement, parsed at validate time.' },
  { name: 'ottl-condition', doc: 'OTTL condition, parsed at validate time.' },
  { name: 'file-path', doc: 'Filesystem path on the collector host.' },
  { name: 'octal-permissions', doc: 'Octal file mode string such as "0755".' },
];
export const collectorGrammarNames: readonly string[] = collectorGrammars.map((g) => g.name);

/** Values of `x-ref-kind` in the collector schema: the value is the ID of a component of that kind. */
export const collectorRefKinds = ['receiver', 'processor', 'exporter', 'extension', 'connector'] as const;
