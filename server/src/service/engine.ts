import type { ASTNode } from '../parser/ast';
import type { DocKind, Fix, OffsetEdit, Rule, Severity } from './rules';

/** A JSON schema as our walker reads it (draft-07 subset plus the x-* keywords in schema/keywords.ts). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type JSONSchema = Record<string, any>;

/** Result of checking one scalar against a value grammar (size, duration, address ...). */
export interface GrammarResult {
  /** Undefined when valid. */
  message?: string;
  severity?: Severity;
  code?: string;
  fixes?: Fix[];
  /** Text for hover, e.g. "= 10,737,418,240 bytes". */
  explain?: string;
}

export type GrammarCheck = (node: ASTNode, schema: JSONSchema) => GrammarResult | undefined;

/** A named thing users define and refer to: a store, a scheduler, a collector component, a pipeline. */
export interface SymbolDef {
  kind: string; // 'store' | 'scheduler' | 'receiver' | 'processor' | 'exporter' | 'extension' | 'connector' | 'pipeline' | 'server' | 'worker'
  name: string;
  /** The node holding the name (string value or YAML key) — the rename/definition target. */
  nameNode: ASTNode;
  /** The whole entry (for outline ranges). */
  container: ASTNode;
  detail?: string;
}

export interface SymbolRef {
  kind: string;
  name: string;
  node: ASTNode;
}

export interface SymbolIndex {
  definitions: SymbolDef[];
  references: SymbolRef[];
}

/** Value completions a language adds beyond the schema (e.g. defined store names). */
export interface ValueSuggestion {
  label: string;
  detail?: string;
  documentation?: string;
}

/** Everything one config language plugs into the shared language service. */
export interface LanguageEngine {
  kind: DocKind;
  schema: JSONSchema;
  rules: Rule[];
  grammars: Record<string, GrammarCheck>;
  symbols(root: ASTNode | undefined): SymbolIndex;
  /** Completion of values for the property at `path` (e.g. x-ref-kind fields); schema enums come from the walker. */
  suggestValues?(root: ASTNode, path: (string | number)[], propertySchema: JSONSchema | undefined): ValueSuggestion[];
  /**
   * Values only known at run time (`${VAR}`, `${env:X}`) must never be type errors; the engine says
   * which strings those are for a given schema location.
   */
  isRuntimeValue?(node: ASTNode, schema: JSONSchema | undefined): boolean;
  /** Text edit adding `key: valueText` to an object, in the language's own style (used by "add missing key" fixes). */
  insertProperty?(text: string, objectNode: ASTNode, key: string, valueText: string): OffsetEdit;
  /** Documentation link for a key of a component container (`receivers`, ...), e.g. the component's README. */
  componentDocs?(containerPath: (string | number)[], key: string): string | undefined;
  /** Hover the schema walker cannot give (e.g. a metric name inside a PromQL string); tried first. */
  hover?(root: ASTNode, text: string, offset: number): { markdown: string; offset: number; length: number } | undefined;
}
