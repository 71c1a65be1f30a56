/** Public entry of the "Diagnose cluster" engine (no vscode import). */
export * from './types';
export { runDiagnosis, prometheusFailureFinding, DEFAULT_DIAGNOSE_TIMEOUT_MS } from './run';
export type { RunOptions } from './run';
export { renderMarkdown, renderText, toJson, exitCodeFor, escapeMarkdown, codeSpan, sparkline } from './render';
export type { DiagnosisJson } from './render';
export { GUIDE_COVERAGE, GUIDE_SECTIONS, HELP_LINKS, sectionAnchor, sectionDocs } from './guide';
export type { GuideSection } from './guide';
export { ALL_DIAGNOSE_CHECKS, collectorHealthUrl, outOfOrderWindow } from './checks';
export { parseExposition, defaultHttpGet } from './util';
export { extractNativelinkFacts, extractCollectorFacts, nativelinkFacts, collectorFacts, mergeFacts, parseSize, parseDurationS } from './facts';
