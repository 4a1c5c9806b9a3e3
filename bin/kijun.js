#!/usr/bin/env node
// Thin launcher so `npx kijun` / an installed `kijun` runs the bundled CLI.
require('../dist/cli.js');
