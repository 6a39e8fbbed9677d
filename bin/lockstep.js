#!/usr/bin/env node
'use strict';
const path = require('node:path');
const fs = require('node:fs');

// A lint run lives for well under a second: V8's optimizing compile of the parser's 1.7 MB
// WASM module would cost more CPU and memory than it saves (on the corpus benchmark about a
// third less CPU and 135 → 95 MB peak with the baseline compiler alone). It must be set
// before any WASM compiles. `simulate` runs PGlite for seconds and keeps the default tiering.
if (process.argv[2] === 'lint') require('node:v8').setFlagsFromString('--liftoff-only');

// A reader that stops early (`lockstep plan … | head`) closes the pipe: the output has
// simply ended, so stop quietly with success instead of Node's unhandled EPIPE stack trace.
process.stdout.on('error', (err) => {
  if (err && err.code === 'EPIPE') process.exit(0);
  throw err;
});

// The CLI ships as one bundle built by `npm run build`.
const bundle = path.join(__dirname, '..', 'dist', 'cli.js');
if (!fs.existsSync(bundle)) {
  process.stderr.write('lockstep: the CLI is not built yet; run `npm run build` in ' + path.join(__dirname, '..') + '\n');
  process.exit(2);
}
require(bundle)
  .run(process.argv.slice(2))
  .then(
    (code) => {
      process.exitCode = code;
    },
    (err) => {
      process.stderr.write('lockstep: ' + String(err) + '\n');
      process.exitCode = 2;
    },
  );
