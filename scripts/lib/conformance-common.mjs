// Shared by the conformance checks (scripts/conformance.mjs and scripts/lib/conformance-*.mjs): the report
// (rows of PASS, FAIL, WARN, SKIP), its table and JSON file, and small file helpers.
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

/** Results: PASS, FAIL, WARN (informational problem), SKIP (could not be checked here; --strict fails it). */
export class Report {
  rows = [];
  add(check, target, result, detail = '') {
    this.rows.push({ check, target, result, detail });
  }
  failed(strict) {
    return this.rows.filter((r) => r.result === 'FAIL' || (strict && r.result === 'SKIP'));
  }
}

export function rel(p) {
  const r = path.relative(process.cwd(), p);
  return r && !r.startsWith('..') ? r : p;
}

export function printTable(rows, verbose) {
  let shown = rows;
  if (!verbose) {
    shown = [];
    const passes = new Map();
    for (const r of rows) {
      if (r.result === 'PASS') {
        const p = passes.get(r.check) ?? { n: 0, first: r };
        p.n++;
        passes.set(r.check, p);
      } else shown.push(r);
    }
    const summary = [...passes].map(([check, p]) =>
      p.n === 1 ? p.first : { check, target: `${p.n} targets`, result: 'PASS', detail: '--verbose lists them' },
    );
    shown = [...summary, ...shown];
  }
  const clip = (s, n) => (s.length > n ? s.slice(0, n - 1) + '…' : s);
  const w = { check: 12, target: 44, result: 6 };
  for (const r of shown) {
    w.check = Math.max(w.check, Math.min(r.check.length, 20));
    w.target = Math.max(w.target, Math.min(r.target.length, 70));
  }
  const line = (c, t, res, d) =>
    `${clip(c, w.check).padEnd(w.check)}  ${clip(t, w.target).padEnd(w.target)}  ${res.padEnd(w.result)}  ${d}`;
  const out = [
    line('CHECK', 'TARGET', 'RESULT', 'DETAIL'),
    line('-'.repeat(w.check), '-'.repeat(w.target), '------', '------'),
  ];
  for (const r of shown) {
    const details = String(r.detail).split('\n');
    out.push(line(r.check, r.target, r.result, details[0]));
    for (const d of details.slice(1)) out.push(line('', '', '', d));
  }
  return out.join('\n');
}

export function finish(report, opts, started) {
  const failed = report.failed(opts.strict);
  const counts = {};
  for (const r of report.rows) counts[r.result] = (counts[r.result] ?? 0) + 1;
  const summary = Object.entries(counts)
    .map(([k, v]) => `${v} ${k}`)
    .join(', ');
  process.stdout.write(`\n${printTable(report.rows, opts.verbose)}\n\n`);
  process.stdout.write(
    `conformance: ${failed.length ? 'FAILED' : 'ok'} (${summary}) in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
  );
  if (!failed.length && counts.SKIP) {
    process.stdout.write(
      `conformance: ${counts.SKIP} check(s) skipped: they could not run on this machine (see SKIP rows; --strict fails them)\n`,
    );
  }
  try {
    mkdirSync(path.dirname(opts.report), { recursive: true });
    writeFileSync(
      opts.report,
      JSON.stringify(
        {
          ok: failed.length === 0,
          strict: opts.strict,
          counts,
          generatedAt: new Date().toISOString(),
          rows: report.rows,
        },
        null,
        2,
      ) + '\n',
    );
    process.stdout.write(`conformance: report written to ${rel(opts.report)}\n`);
  } catch (err) {
    process.stderr.write(`conformance: cannot write ${opts.report}: ${err.message}\n`);
  }
  return failed.length ? 1 : 0;
}
