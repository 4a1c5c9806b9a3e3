// Placeholder entry so the bundle exists; the language server arrives with its own issue.
process.stderr.write('kijun language server: not implemented yet\n');
process.exitCode = 1;
