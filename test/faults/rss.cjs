// Preloaded into every process the fault suite starts (node --require): reports the process's
// peak resident set size on exit, on stderr, for the suite's table.
process.on('exit', () => {
  try {
    require('node:fs').writeSync(2, `\nKIJUN_FAULT_MAXRSS_KB=${process.resourceUsage().maxRSS}\n`);
  } catch {
    // stderr closed: the suite falls back to /proc polling
  }
});
