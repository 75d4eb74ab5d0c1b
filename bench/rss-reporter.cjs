// Preloaded with `node -r` by the benchmark: writes this process's peak RSS (bytes) to $BENCH_RSS_FILE on exit.
'use strict';
const fs = require('fs');
process.on('exit', () => {
  if (process.env.BENCH_RSS_FILE) fs.writeFileSync(process.env.BENCH_RSS_FILE, String(process.resourceUsage().maxRSS * 1024));
});
