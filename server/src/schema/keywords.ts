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
