// Summarises one bats TAP file for scripts/compat.sh, or (--total) the run.
// Out-of-reach failures are those listed in test/dokku-compat/out-of-reach.tsv
// (file, test name or *, reason); they do not count against berth.
import { readFileSync } from 'node:fs';

const [, , first, ...rest] = process.argv;
if (first === '--total') total(rest[0]);
else perFile(first, rest[0], rest[1]);

function perFile(reachFile, name, tapFile) {
  const reach = new Map();
  for (const line of readFileSync(reachFile, 'utf8').split('\n')) {
    if (!line.trim() || line.startsWith('#')) continue;
    const [file, test, reason] = line.split('\t');
    if (file === name) reach.set(test, reason);
  }
  const results = [];
  for (const line of readFileSync(tapFile, 'utf8').split('\n')) {
    const m = /^(not )?ok \d+ (.*?)( # skip.*)?$/.exec(line);
    if (m) results.push({ ok: !m[1], name: m[2], skipped: Boolean(m[3]) });
  }
  const ran = results.filter((r) => !r.skipped);
  const failed = ran.filter((r) => !r.ok);
  const away = failed.filter((r) => reach.has(r.name) || reach.has('*'));
  const inReach = ran.length - away.length;
  const passed = ran.length - failed.length;
  console.log(`${name.padEnd(28)} ${String(ran.length).padStart(5)} ${String(passed).padStart(6)} ${String(failed.length).padStart(6)} ${`${passed}/${inReach}`.padStart(8)}`);
  for (const r of failed) {
    const why = reach.get(r.name) ?? reach.get('*');
    console.log(`    ${why ? `out of reach (${why})` : 'FAILS'}: ${r.name}`);
  }
  if (!results.length) console.log(`    no results; bats said: ${readFileSync(tapFile, 'utf8').slice(0, 300)}`);
}

function total(summaryFile) {
  let run = 0, passed = 0, failed = 0, reachPassed = 0, reachTotal = 0;
  for (const line of readFileSync(summaryFile, 'utf8').split('\n')) {
    const m = /^\S+\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\/(\d+)$/.exec(line);
    if (!m) continue;
    run += +m[1]; passed += +m[2]; failed += +m[3]; reachPassed += +m[4]; reachTotal += +m[5];
  }
  const pct = reachTotal ? ((100 * reachPassed) / reachTotal).toFixed(1) : '0';
  console.log(`${'TOTAL'.padEnd(28)} ${String(run).padStart(5)} ${String(passed).padStart(6)} ${String(failed).padStart(6)} ${`${reachPassed}/${reachTotal}`.padStart(8)}`);
  console.log(`in reach: ${reachPassed} of ${reachTotal} pass (${pct}%); out of reach: ${run - reachTotal}`);
}
