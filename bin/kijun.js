#!/usr/bin/env node
// The installed `kijun` command: runs the bundled CLI's entry with this process's arguments.
// (Requiring dist/cli.js alone runs nothing: it starts itself only when it is the main module.)
'use strict';
void require('../dist/cli.js').main(process.argv.slice(2));
