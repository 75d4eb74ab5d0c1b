// Preloaded with `node -r` by the benchmark: on exit, writes this process's peak RSS (bytes) to $BENCH_RSS_FILE and,
// when $BENCH_CPU_FILE is set, its CPU time (user + system, ms) there: on a shared machine CPU time says more than
// the wall clock.
'use strict';
const fs = require('fs');
process.on('exit', () => {
  const usage = process.resourceUsage();
  if (process.env.BENCH_RSS_FILE) fs.writeFileSync(process.env.BENCH_RSS_FILE, String(usage.maxRSS * 1024));
  if (process.env.BENCH_CPU_FILE)
    fs.writeFileSync(process.env.BENCH_CPU_FILE, String((usage.userCPUTime + usage.systemCPUTime) / 1000));
});
