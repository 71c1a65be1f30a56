import { collectorEngine } from '../collector/engine';
import { nativelinkEngine } from '../nativelink/engine';
import { promRulesEngine } from '../promrules/engine';
import type { LanguageEngine } from './engine';
import type { DocKind } from './rules';

/** The config languages (and Prometheus rule files / dashboards), wired once for the server and the CLI. */
export const engines: Record<DocKind, LanguageEngine> = {
  nativelink: nativelinkEngine,
  collector: collectorEngine,
  promrules: promRulesEngine,
};
