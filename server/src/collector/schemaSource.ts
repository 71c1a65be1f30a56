/**
 * Loads the bundled collector schema once. esbuild inlines the JSON into the bundles; the
 * transpiled test tree (out/) has no copy next to it, so fall back to reading the source file.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { JSONSchema } from '../service/engine';

let loaded: JSONSchema | undefined;

function load(): JSONSchema {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require('../../../schemas/otel-collector-config.schema.json') as JSONSchema;
  } catch {
    for (const rel of ['../../../schemas', '../../../../schemas']) {
      const p = path.join(__dirname, rel, 'otel-collector-config.schema.json');
      try {
        return JSON.parse(fs.readFileSync(p, 'utf8')) as JSONSchema;
      } catch {
        /* try the next location */
      }
    }
    return {};
  }
}

export function collectorSchema(): JSONSchema {
  if (!loaded) loaded = load();
  return loaded;
}

/** Tests may swap in a schema (e.g. one with x-signals) and restore the bundled one with `undefined`. */
export function setCollectorSchemaForTests(schema: JSONSchema | undefined): void {
  loaded = schema;
}
