// Runs one mocha tier with the spec reporter and writes {passed, failed, pending} to the file named by argv[2].
const Mocha = require('mocha');
const { globSync } = require('glob');
const { writeFileSync } = require('node:fs');
const path = require('node:path');

const [resultFile, timeout, ...patterns] = process.argv.slice(2);
const mocha = new Mocha({ reporter: 'spec', timeout: Number(timeout) || 10000 });
const files = patterns.flatMap((p) => globSync(p)).sort();
for (const f of files) mocha.addFile(path.resolve(f));
let passed = 0;
let failed = 0;
let pending = 0;
const runner = mocha.run((failures) => {
  writeFileSync(resultFile, JSON.stringify({ passed, failed, pending, files: files.length }));
  process.exitCode = failures ? 1 : 0;
});
runner.on('pass', () => passed++);
runner.on('fail', () => failed++);
runner.on('pending', () => pending++);
