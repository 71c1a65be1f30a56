/**
 * `node out/test/fuzz/profileInput.js FILE...`: times each analysis step (parse, schema, each rule) and each
 * request kind of the language service on saved fuzz inputs, to find which step makes a document slow.
 */
import * as fs from 'node:fs';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { engines } from '../../server/src/service/engines';
import { HostAwareLanguageService } from '../../server/src/service/embedded/hostService';
import { defaultSettings } from '../../server/src/service/settings';

for (const file of process.argv.slice(2)) {
  const input = JSON.parse(fs.readFileSync(file, 'utf8')) as { text: string; languageId: string; uri: string; request: string; params?: { position?: { line: number; character: number } } };
  const service = new HostAwareLanguageService(engines);
  const doc = TextDocument.create(input.uri, input.languageId, 1, input.text);
  const steps = service.analyzeSteps(doc, defaultSettings);
  const times: number[] = [];
  let total = 0;
  for (;;) {
    const t0 = performance.now();
    const r = steps.next();
    const ms = performance.now() - t0;
    total += ms;
    times.push(ms);
    if (r.done) break;
  }
  const top = times.map((ms, i) => [i, ms] as const).sort((a, b) => b[1] - a[1]).slice(0, 3).map(([i, ms]) => `step${i}=${ms.toFixed(0)}`);
  const req: string[] = [];
  for (const [name, fn] of [
    ['diagnostics', () => service.diagnostics(doc, defaultSettings)],
    ['symbols', () => service.documentSymbols(doc, defaultSettings)],
  ] as const) {
    const t0 = performance.now();
    fn();
    req.push(`${name}=${(performance.now() - t0).toFixed(0)}`);
  }
  console.log(`${file.split('/').pop()}: ${input.text.length} chars, analysis ${total.toFixed(0)} ms (${times.length} steps; ${top.join(' ')}); ${req.join(' ')}`);
}
