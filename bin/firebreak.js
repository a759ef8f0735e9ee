#!/usr/bin/env node
// The `firebreak` command. The CLI is TypeScript built by `npm run build`
// into out/main/cli.js; this file only finds it and says so plainly if it is missing.
'use strict';
const path = require('node:path');
const fs = require('node:fs');

const cli = path.join(__dirname, '..', 'out', 'main', 'cli.js');
if (!fs.existsSync(cli)) {
  process.stderr.write('firebreak: the CLI is not built yet. Run "npm run build" in ' + path.join(__dirname, '..') + ' first.\n');
  process.exit(2);
}
require(cli);
