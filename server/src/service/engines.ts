import { collectorEngine } from '../collector/engine';
import { nativelinkEngine } from '../nativelink/engine';
import type { LanguageEngine } from './engine';
import type { DocKind } from './rules';

/** The two config languages, wired once for the server and the CLI. */
export const engines: Record<DocKind, LanguageEngine> = {
  nativelink: nativelinkEngine,
  collector: collectorEngine,
};
