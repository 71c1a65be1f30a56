import type { ASTNode } from '../parser/ast';
import type { Settings } from './settings';

/** Which language engine owns a document. */
export type DocKind = 'nativelink' | 'collector' | 'promrules';

export type Severity = 'error' | 'warning' | 'information' | 'hint';

/** A text edit in document offsets; the service turns it into an LSP range. */
export interface OffsetEdit {
  offset: number;
  length: number;
  newText: string;
}

export interface Fix {
  title: string;
  edits: OffsetEdit[];
  isPreferred?: boolean;
}

/** What a rule reports; the service maps it to an LSP Diagnostic with code, href and fixes. */
export interface Finding {
  /** Stable id, e.g. "nativelink/undefined-store"; also the diagnostic `code`. */
  code: string;
  severity: Severity;
  message: string;
  /** Where to underline: a node, or an explicit offset range. */
  node?: ASTNode;
  range?: { offset: number; length: number };
  /** Docs URL for `codeDescription.href`; defaults to the rule's `docs`. */
  docs?: string;
  fixes?: Fix[];
  tags?: ('unnecessary' | 'deprecated')[];
}

export interface RuleContext {
  uri: string;
  text: string;
  root: ASTNode;
  kind: DocKind;
  settings: Settings;
  report(finding: Finding): void;
}

/** A small named check with its docs link beside it. */
export interface Rule {
  /** Same as the Finding code it reports (one rule may report a few closely related codes). */
  id: string;
  /** Docs link: NativeLink/collector docs or a troubleshooting guide anchor. */
  docs: string;
  /**
   * The upstream file(s) whose behaviour the rule encodes, as `owner/repo@tag:path` (NativeLink at v1.6.6, the
   * collector repos at v0.159.0), so every claim can be audited. Every shipped rule has at least one entry
   * (test/unit/service/rules-upstream.test.ts).
   */
  upstream: string[];
  /** One line, our own words; shown in the README rule table and used by `nativelink.rules.<id>` settings. */
  description: string;
  /** Advice rules (from the troubleshooting guide) can be silenced per rule in settings. */
  advice?: boolean;
  check(ctx: RuleContext): void;
}
