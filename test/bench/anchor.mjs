// The yardstick: vscode-json-languageservice (the engine of VS Code's own JSON support) validating the strict-JSON
// twin of a NativeLink config with our schema (schemas/nativelink-config.schema.json). It parses and validates
// against the schema only, with no NativeLink rules, so "at most its p95" means our full analysis costs no more
// than plain schema validation of the same content in VS Code's JSON engine. Both run in this process, edit for
// edit, interleaved, so they see the same machine load.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const require = createRequire(import.meta.url);

/**
 * `ours(text, version)` runs our analysis (ConfigLanguageService.diagnostics) on the JSON5 text; the anchor
 * gets the same edit applied to the JSON twin. Returns per-edit milliseconds of both after `warm` warm-up edits.
 */
const PATH_EDIT = { ours: /(?:content_path|temp_path|work_directory): "[^"]+"/g, twin: /"(?:content_path|temp_path|work_directory)": "[^"]+"/g, back: 2, char: 'x' };
/** For shapes with few paths: a digit into a size, `"4gb"` -> `"41gb"`. */
export const SIZE_EDIT_BOTH = { ours: /max_bytes: "\d+gb"/g, twin: /"max_bytes": "\d+gb"/g, back: 3, char: '1' };

export async function anchorBench({ root, json5Text, ours, edits = 40, warm = 10, now, edit: spec = PATH_EDIT }) {
  const { getLanguageService } = require('vscode-json-languageservice');
  const { TextDocument } = require('vscode-languageserver-textdocument');
  const twin = JSON.stringify(require('json5').parse(json5Text), null, 2) + '\n';
  const schema = JSON.parse(readFileSync(join(root, 'schemas', 'nativelink-config.schema.json'), 'utf8'));
  const ls = getLanguageService({});
  ls.configure({ validate: true, allowComments: false, schemas: [{ uri: 'inmemory://nativelink-config.schema.json', fileMatch: ['*.json'], schema }] });
  // Same kind of edit on both sides, at the same spread of places; each keeps the config valid.
  const places = (text, re) => {
    const out = [];
    let m;
    while ((m = re.exec(text))) out.push(m.index + m[0].length - spec.back);
    return Array.from({ length: Math.ceil((edits + warm) / 2) }, (_, i) => out[Math.floor(((i + 0.5) * out.length) / Math.ceil((edits + warm) / 2))]);
  };
  const oursAt = places(json5Text, new RegExp(spec.ours.source, 'g'));
  const twinAt = places(twin, new RegExp(spec.twin.source, 'g'));
  const oursMs = [];
  const anchorMs = [];
  // CPU time beside wall time: on a shared, loaded machine wall time mostly measures the other processes.
  const oursCpuMs = [];
  const anchorCpuMs = [];
  const cpu = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  let a = json5Text;
  let b = twin;
  let anchorErrors = 0;
  for (let v = 1; v <= edits + warm; v++) {
    const i = (v - 1) >> 1;
    const edit = (t, at) => (v % 2 ? t.slice(0, at) + spec.char + t.slice(at) : t.slice(0, at) + t.slice(at + 1));
    a = edit(a, oursAt[i % oursAt.length]);
    b = edit(b, twinAt[i % twinAt.length]);
    let s = now();
    let c = cpu();
    ours(a, v);
    const o = now() - s;
    const oc = cpu() - c;
    const doc = TextDocument.create('file:///bench/nativelink-twin.json', 'json', v, b);
    s = now();
    c = cpu();
    const diags = await ls.doValidation(doc, ls.parseJSONDocument(doc));
    const n = now() - s;
    const nc = cpu() - c;
    if (v === edits + warm) anchorErrors = diags.filter((d) => d.severity === 1).length;
    if (v > warm) {
      oursMs.push(o);
      anchorMs.push(n);
      oursCpuMs.push(oc);
      anchorCpuMs.push(nc);
    }
  }
  return { twinLines: twin.split('\n').length, twinBytes: twin.length, anchorErrorsOnTwin: anchorErrors, oursMs, anchorMs, oursCpuMs, anchorCpuMs };
}
