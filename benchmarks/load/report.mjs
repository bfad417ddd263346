// Turns one run directory of benchmarks/load/run.sh into the Markdown report (docs/performance.md).
//   node report.mjs benchmarks/load/results/<run> > docs/performance.md
import fs from 'node:fs';
import path from 'node:path';

const dir = process.argv[2];
if (!dir || !fs.existsSync(dir)) {
  console.error('usage: node report.mjs RESULTS_DIR');
  process.exit(2);
}
const file = (name) => path.join(dir, name);
const exists = (name) => fs.existsSync(file(name));
const json = (name) => (exists(name) ? JSON.parse(fs.readFileSync(file(name), 'utf8')) : null);
const lines = (name) => (exists(name) ? fs.readFileSync(file(name), 'utf8').split('\n').filter(Boolean) : []);

const env = Object.fromEntries(lines('env.txt').map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
const all = ['mock', 'nginx', 'portkey', 'hedge'];
// closed-loop rounds of a target: closed-<target>-<n>.txt (runs before rounds: one closed-<target>.txt)
const closedFiles = (t) => fs.readdirSync(dir).filter((f) => f === `closed-${t}.txt` || new RegExp(`^closed-${t}-\\d+\\.txt$`).test(f)).sort();
const targets = all.filter((t) => exists(`fixed-1000-${t}.json`) || closedFiles(t).length > 0);
const names = { mock: 'mock (direct)', nginx: 'nginx hop', portkey: `Portkey ${env.portkey ?? ''}`.trim(), hedge: 'Hedge' };
const rates = [500, 1000, 2000];

const fmt = (v, digits = 2) => (v === null || v === undefined || Number.isNaN(v) ? '—' : Number(v).toFixed(digits));
const mb = (kb) => (kb ? `${Math.round(kb / 1024)} MB` : '—');
const ratio = (a, b) => (a && b ? `${(a / b).toFixed(2)}×` : '—');

// ---- closed loop (wrk) ----
function wrkRound(name) {
  const text = fs.readFileSync(file(name), 'utf8');
  const ms = (s) => {
    const m = /([\d.]+)(us|ms|s)/.exec(s);
    if (!m) return null;
    return Number(m[1]) * (m[2] === 'us' ? 0.001 : m[2] === 's' ? 1000 : 1);
  };
  const pct = (p) => { const m = new RegExp(`^\\s+${p}%\\s+(\\S+)`, 'm').exec(text); return m ? ms(m[1]) : null; };
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(text)?.[1] ?? NaN);
  const requests = Number(/(\d+) requests in/.exec(text)?.[1] ?? 0);
  const non2xx = Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(text)?.[1] ?? 0);
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(text);
  const socketErrors = socket ? socket.slice(1).reduce((a, b) => a + Number(b), 0) : 0;
  const cpu = cpuTicks(name.replace(/\.txt$/, ''), null);
  return { rps, requests, errors: non2xx + socketErrors, p50: pct(50), p90: pct(90), p99: pct(99), cpu };
}
/** A target's closed-loop rounds; its figures are those of its median round (by requests/s), errors summed. */
function wrk(target) {
  const rounds = closedFiles(target).map(wrkRound);
  if (rounds.length === 0) return null;
  const sorted = [...rounds].sort((a, b) => a.rps - b.rps);
  const median = sorted[Math.floor((sorted.length - 1) / 2)];
  const cpuKnown = rounds.every((r) => r.cpu !== null);
  return { ...median, rounds: rounds.map((r) => r.rps), errors: rounds.reduce((a, r) => a + r.errors, 0),
    cpuPerRequest: cpuKnown ? rounds.reduce((a, r) => a + r.cpu, 0) * 1e6 / rounds.reduce((a, r) => a + r.requests, 0) : null };
}

// ---- CPU time per request (the figure least disturbed by other work on the machine) ----
function cpuTicks(name, target) {
  const cpuFile = target === null ? `cpu-${name}.txt` : `cpu-${name}-${target}.txt`;
  if (!exists(cpuFile)) return null;
  const [ticks, hz] = fs.readFileSync(file(cpuFile), 'utf8').trim().split(' ').map(Number);
  return ticks / hz;
}
/** CPU µs per request at a fixed rate: only when every request was answered (else the count is unknown). */
function cpuPerRequestFixed(rate, target, result, warmupS) {
  const seconds = cpuTicks(`fixed-${rate}`, target);
  if (seconds === null || !result || result.errors > 0) return null;
  return seconds * 1e6 / (rate * (result.duration_s + warmupS));
}

// ---- RSS per phase ----
const phases = lines('phases.log').map((l) => { const [at, edge, name, target, ...load] = l.split(' '); return { at: Number(at), edge, name, target, load: load.join(' ') }; });
const rssSamples = lines('rss.log').map((l) => { const [at, target, kb] = l.split(' '); return { at: Number(at), target, kb: Number(kb) }; });
function peakDuring(name, target) {
  const start = phases.find((p) => p.edge === 'start' && p.name === name && p.target === target);
  const end = phases.find((p) => p.edge === 'end' && p.name === name && p.target === target);
  if (!start || !end) return null;
  return rssSamples.filter((s) => s.target === target && s.at >= start.at && s.at <= end.at + 300).reduce((m, s) => Math.max(m, s.kb), 0) || null;
}
const peakOverall = (target) => rssSamples.filter((s) => s.target === target).reduce((m, s) => Math.max(m, s.kb), 0) || null;
const idle = Object.fromEntries(lines('rss-idle.txt').map((l) => l.split(' ')).map(([t, kb]) => [t, Number(kb)]));
const after = Object.fromEntries(lines('rss-after.txt').map((l) => l.split(' ')).map(([t, kb]) => [t, Number(kb)]));
const startups = lines('hedge-startup-ms.txt').map(Number).sort((a, b) => a - b);
const startup = startups.length ? startups[Math.floor((startups.length - 1) / 2)] : null;
const loads = phases.filter((p) => p.edge === 'start').map((p) => Number(p.load.split(' ')[0])).filter((v) => !Number.isNaN(v));

// ---- gather ----
const fixedWarmupS = env.quick === '1' ? 2 : 3;
const fixed = Object.fromEntries(rates.map((r) => [r, Object.fromEntries(targets.map((t) => [t, json(`fixed-${r}-${t}.json`)]))]));
const closed = Object.fromEntries(targets.map((t) => [t, wrk(t)]));
const streams = (kind) => Object.fromEntries(targets.map((t) => [t, json(`${kind}-${t}.json`)]));
const c1 = streams('stream-c1');
const c100 = streams('stream-c100');
const incremental = streams('stream-incremental');
const slow = streams('slow');

const out = [];
const p = (s = '') => out.push(s);
const row = (cells) => p(`| ${cells.join(' | ')} |`);
const header = (cells) => { row(cells); row(cells.map(() => '---')); };

// ---- targets ----
const h = (obj) => obj?.hedge;
const added = (a, b, key) => (a && b && a[key] !== undefined && b[key] !== undefined ? a[key] - b[key] : null);
const at1000 = fixed[1000];
const addedP50 = added(at1000?.hedge?.service_ms, at1000?.mock?.service_ms, 'p50');
const addedP99 = added(at1000?.hedge?.service_ms, at1000?.mock?.service_ms, 'p99');
const addedTtfb = added(c1.hedge?.ttfb_ms, c1.mock?.ttfb_ms, 'p50');
const slowPeak = peakDuring('slow', 'hedge');
const checks = [
  ['max throughput ≥ 0.6 × nginx hop', ratio(closed.hedge?.rps, closed.nginx?.rps), closed.hedge && closed.nginx ? closed.hedge.rps >= 0.6 * closed.nginx.rps : null],
  ['max throughput ≥ 20 × Portkey', ratio(closed.hedge?.rps, closed.portkey?.rps), closed.hedge && closed.portkey ? closed.hedge.rps >= 20 * closed.portkey.rps : null],
  ['1000 RPS: added p50 ≤ 0.25 ms', `${fmt(addedP50, 3)} ms`, addedP50 === null ? null : addedP50 <= 0.25],
  ['1000 RPS: added p99 ≤ 2 ms', `${fmt(addedP99, 3)} ms`, addedP99 === null ? null : addedP99 <= 2],
  ['1000 RPS: zero errors', `${at1000?.hedge?.errors ?? '—'} errors`, at1000?.hedge ? at1000.hedge.errors === 0 : null],
  ['streaming: added TTFB p50 ≤ 0.5 ms', `${fmt(addedTtfb, 3)} ms`, addedTtfb === null ? null : addedTtfb <= 0.5],
  ['streaming: no chunk batching', incremental.hedge ? `${incremental.hedge.batched_streams ?? '—'} of ${incremental.hedge.requests} streams batched `
    + `(${incremental.hedge.batched_chunk_pairs} of ${incremental.hedge.chunk_pairs_checked} single pairs late)` : '—',
    incremental.hedge?.batched_streams !== undefined ? incremental.hedge.batched_streams === 0 && incremental.hedge.incomplete === 0 : null],
  [`${slow.hedge?.requests ?? 5000} concurrent streams, all complete, RSS ≤ 400 MB`, slow.hedge ? `${slow.hedge.requests - slow.hedge.incomplete}/${slow.hedge.requests}, ${mb(slowPeak)}` : '—',
    slow.hedge ? slow.hedge.incomplete === 0 && slowPeak <= 400 * 1024 : null],
  ['idle RSS ≤ 200 MB', mb(idle.hedge), idle.hedge ? idle.hedge <= 200 * 1024 : null],
  ['startup to ready ≤ 2 s', startup === null ? '—' : `${startup} ms`, startup === null ? null : startup <= 2000],
];

p('# Performance');
p();
p('Hedge against the practical floor (one nginx hop) and a peer gateway (Portkey\'s open-source gateway), on one');
p('machine, in one run, each test run against every target in turn. This file is generated by');
p('`benchmarks/load/run.sh` (method: [below](#method)); do not edit it by hand.');
p();
p(`- command: \`${(env.command ?? 'benchmarks/load/run.sh').trim()}\`${env.quick === '1' ? ' (quick run: shorter tests and 1,000 instead of 5,000 slow streams)' : ''}`);
p(`- machine: ${env.nproc} cores (${env.cpu}), ${Math.round(Number(env.ram_mb) / 1024)} GB RAM, Linux ${env.kernel}; load generator, mock and target share it`);
p(`- load on the machine: at start \`${(env.uptime_start ?? '').trim()}\`; at end \`${(env.uptime_end ?? '').trim()}\``
  + (loads.length ? `; 1-min load average at the start of each test ${Math.min(...loads).toFixed(2)}–${Math.max(...loads).toFixed(2)}` : ''));
p(`- versions: Hedge ${env.hedge_commit} on ${env.java}${env.hedge_java_opts ? ` (HEDGE_JAVA_OPTS=${env.hedge_java_opts})` : ''}; nginx ${env.nginx}; `
  + `@portkey-ai/gateway ${env.portkey} on Node ${env.node}; wrk ${env.wrk}; run ${env.date}`);
p();
if (loads.length && Math.max(...loads) > Number(env.nproc) * 0.75) {
  p(`> **Noisy run.** Other work kept the machine busy (load average up to ${Math.max(...loads).toFixed(2)} on ${env.nproc} cores`);
  p('> while the tests ran); absolute figures are low and tails long for every target. Compare ratios within this run.');
  p();
}
p('## Targets (issue 7)');
p();
header(['target', 'measured', 'met']);
for (const [name, value, ok] of checks) row([name, value, ok === null ? '—' : ok ? 'yes' : '**no**']);
p();
p('Added latency is Hedge minus the direct mock, on the service time (request written → last byte read).');
const floor = [];
if (closed.nginx && closed.portkey) floor.push(`max throughput ${ratio(closed.nginx.rps, closed.portkey.rps)} Portkey`);
const nginxP50 = added(at1000?.nginx?.service_ms, at1000?.mock?.service_ms, 'p50');
if (nginxP50 !== null) floor.push(`1000 RPS added p50 ${fmt(nginxP50, 3)} ms`);
const nginxTtfb = added(c1.nginx?.ttfb_ms, c1.mock?.ttfb_ms, 'p50');
if (nginxTtfb !== null) floor.push(`streaming added TTFB p50 ${fmt(nginxTtfb, 3)} ms`);
if (floor.length) {
  p(`The nginx hop, for scale, in the same run: ${floor.join('; ')}.`);
  p('A target that this floor itself misses on the machine measures the machine more than the gateway.');
}
p();

p('## (b) Closed-loop maximum throughput (wrk, 2 threads, 64 connections)');
p();
header(['target', 'requests/s (median round)', 'each round', 'p50 ms', 'p90 ms', 'p99 ms', 'errors', 'Hedge ÷ target', 'CPU µs/request']);
for (const t of targets) {
  const c = closed[t];
  row([names[t], c ? Math.round(c.rps).toLocaleString('en-US') : '—', c ? c.rounds.map((r) => Math.round(r).toLocaleString('en-US')).join(' / ') : '—',
    fmt(c?.p50), fmt(c?.p90), fmt(c?.p99), c?.errors ?? '—',
    t === 'hedge' ? '' : ratio(closed.hedge?.rps, c?.rps), c?.cpuPerRequest ? fmt(c.cpuPerRequest, 0) : '—']);
}
p();
p('Each target ran once per round, rounds in a rotating order; requests/s and the latencies are those of the');
p('target\'s median round, and the ratios compare medians, so one round disturbed by other work does not decide them.');
p('CPU µs/request: CPU time the target process (with its workers) used during the tests, divided by the requests');
p('answered, over all rounds; for the mock it is the upstream\'s own cost. It is the figure least bent by other');
p('work on the machine.');
p();

p('## (a) Fixed request rates, 50 connections');
p();
p('Latency counted from the moment each request was due (open loop, no coordinated omission) and service time');
p('(from the moment it was written); added = target minus the direct mock.');
p();
for (const r of rates) {
  p(`### ${r} requests/s`);
  p();
  header(['target', 'achieved/s', 'p50', 'p90', 'p99', 'max', 'service p50', 'service p99', 'added p50', 'added p99', 'errors', 'CPU µs/request']);
  for (const t of targets) {
    const f = fixed[r][t];
    const m = fixed[r].mock;
    row([names[t], f?.achieved_rps ?? '—', fmt(f?.latency_ms?.p50), fmt(f?.latency_ms?.p90), fmt(f?.latency_ms?.p99), fmt(f?.latency_ms?.max),
      fmt(f?.service_ms?.p50, 3), fmt(f?.service_ms?.p99, 3),
      t === 'mock' ? '' : fmt(added(f?.service_ms, m?.service_ms, 'p50'), 3), t === 'mock' ? '' : fmt(added(f?.service_ms, m?.service_ms, 'p99'), 3),
      f ? f.errors : '—', fmt(cpuPerRequestFixed(r, t, f, fixedWarmupS), 0)]);
  }
  p();
  p('(milliseconds)');
  p();
}

p('## (c) Streaming: 20 chunks per answer');
p();
header(['target', 'c=1 TTFB p50', 'c=1 TTFB p99', 'c=1 last byte p50', 'c=100 TTFB p50', 'c=100 TTFB p99', 'c=100 last byte p50', 'c=100 last byte p99', 'added TTFB p50 (c=1)', 'errors', 'batched streams / pairs (20 ms/chunk)']);
for (const t of targets) {
  const a = c1[t];
  const b = c100[t];
  const inc = incremental[t];
  row([names[t], fmt(a?.ttfb_ms?.p50, 3), fmt(a?.ttfb_ms?.p99), fmt(a?.ttlb_ms?.p50), fmt(b?.ttfb_ms?.p50), fmt(b?.ttfb_ms?.p99), fmt(b?.ttlb_ms?.p50), fmt(b?.ttlb_ms?.p99),
    t === 'mock' ? '' : fmt(added(a?.ttfb_ms, c1.mock?.ttfb_ms, 'p50'), 3),
    a && b ? a.errors + b.errors + a.incomplete + b.incomplete : '—',
    inc ? `${inc.batched_streams ?? '—'} of ${inc.requests} / ${inc.batched_chunk_pairs} of ${inc.chunk_pairs_checked}` : '—']);
}
p();
p('(milliseconds; TTFB = time to first byte. The batching check streams 50 answers of 20 chunks 20 ms apart at');
p('concurrency 10; a pair of content chunks arriving less than 5 ms apart counts as batched, and a stream most of whose');
p('pairs are batched counts as a batched stream: a buffering relay batches every chunk, a busy machine an odd pair.)');
p();

const slowN = slow.hedge?.requests ?? slow.mock?.requests;
p(`## (d) ${slowN?.toLocaleString('en-US') ?? '—'} concurrent slow streams (1 chunk per second, ${slow.hedge?.chunks ?? slow.mock?.chunks ?? '—'} chunks)`);
p();
header(['target', 'complete', 'errors', 'last byte p50 s', 'last byte max s', 'peak RSS during the test']);
for (const t of targets) {
  const s = slow[t];
  row([names[t], s ? `${s.requests - s.incomplete}/${s.requests}` : '—', s?.errors ?? '—', fmt((s?.ttlb_ms?.p50 ?? NaN) / 1000, 1), fmt((s?.ttlb_ms?.max ?? NaN) / 1000, 1),
    mb(peakDuring('slow', t))]);
}
p();

p('## (e) Memory and start-up');
p();
header(['target', 'RSS idle (after start)', 'RSS after the run', 'peak RSS (whole run)']);
for (const t of targets) row([names[t], mb(idle[t]), mb(after[t]), mb(peakOverall(t))]);
p();
p(`Hedge start-up to ready (process start → \`/readyz\` 200, through \`./hedge serve\`): ${startups.length ? `${startups.join(', ')} ms (median ${startup} ms)` : '—'}.`);
const noAot = lines('hedge-startup-no-aot.txt').map((l) => l.split(' ').map(Number));
if (noAot.length) {
  const sorted = [...noAot].sort((a, b) => a[0] - b[0]);
  p(`Without the AOT cache (\`HEDGE_AOT=0\`, started alternately with the runs above): ${noAot.map((x) => x[0]).join(', ')} ms `
    + `(median ${sorted[Math.floor((sorted.length - 1) / 2)][0]} ms), idle RSS ${noAot.map((x) => mb(x[1])).join(', ')}.`);
}
p('RSS of nginx is master plus workers; of the mock (the upstream) for reference.');
p();

// measured by hand (async-profiler), not by this run: see the section's first lines
p('## Where the time goes (one request at a time)');
p();
p('Not measured by `run.sh`: a profile of Hedge\'s event loop serving one request at a time (async-profiler, CPU,');
p('100 µs interval; 5,000 sequential unary requests and 3,000 sequential 20-chunk streams against the mock, after');
p('warm-up; Hedge at 39e3da1 and cc4953b, where two figures are given; 2026-11-23, machine shared with other');
p('work). At this load an event loop spends about 240 µs of CPU on a unary request and 460 µs on a 20-chunk stream,');
p('two to three times the whole process\'s CPU per request in the closed loop above (cold caches, a wake-up per');
p('request; on a quiet machine at 1aa456f, 1000 RPS cost the event loops 213-258 µs per request against 117 µs for the');
p('whole process in the closed loop). `benchmarks/load/per-request.sh` gives such figures per thread (CPU, wake-ups, allocation) for any');
p('command\'s requests against a running Hedge.');
p();
p('- **System calls are at their floor.** A unary request in steady state is `read` (client), `write` (upstream),');
p('  `epoll_wait`, `read` (answer), `writev` (client), `epoll_wait` (`strace -c` of both event loops over 1,000');
p('  sequential requests at e97004e: 2,007 `read`, 1,003 `write`, 1,000 `writev`, 2,013 `epoll_wait`); a stream adds');
p('  one `read` and one `writev` per upstream read (several chunks in one read leave in one write). The ledger');
p('  journal\'s row, the durability promise of [ledger.md](ledger.md), is a copy into a mapped segment since e97004e,');
p('  no longer a `write` of its own. Under steady traffic no timer, log line, metric or ledger');
p('  writer costs a system call or another thread\'s wake-up on the request\'s path (the log writer, which an event loop');
p('  woke at nearly every 20 ms batch, no longer is). Socket writes are 28 % of a unary request\'s event-loop CPU: on');
p('  loopback the sender\'s `write` runs the receiver\'s TCP stack and wakes it.');
p('- **The rest is spread thin.** Of a unary request\'s ~135 µs of Java: JSON out (upstream request, answer) 13 µs,');
p('  the client\'s request in 11 µs, the upstream answer in 9-11 µs, the ledger row 7-8 µs, metrics 5-6 µs, the request');
p('  log line 4 µs, authentication 3 µs; Vert.x and Netty\'s HTTP handling most of what is left. Per streamed chunk:');
p('  reading it (typed, one pass) 2.2-2.5 µs, writing the client\'s frame about 2 µs, SSE parsing 0.25 µs (0.8 µs with the');
p('  byte-at-a-time parser before 400a475). Since the verbatim relay an answer or chunk the typed reader took without');
p('  repair goes out as the supplier\'s bytes and is not written again (see [architecture.md](architecture.md)):');
p('  `benchmarks/load/cpu-ab.sh` against 4a26284, 6 alternating rounds of 20 s at load 7-11 (machine shared), cost');
p('  47.0 against 50.7 µs of CPU per unary request (event loops 36.0 against 39.5; lower in 5 of 6 rounds), and');
p('  with `STREAM=20` (20-chunk streams) 183 against 192 µs (event loops 162 against 172; 6 of 6 rounds), about');
p('  0.45 µs per chunk.');
p('- **The ledger journal is a copy, not a system call** (since e97004e): appending a request\'s row was 9.1 % of the');
p('  event loops\' CPU samples in a closed loop (async-profiler, wrk -c64), 5.1 % of it the `write(2)` through ext4;');
p('  with segments mapped into memory it is 3.7 %, nearly all of it the row\'s JSON (the copy 0.2 %). The writer');
p('  thread prepares the segments (4.7 % of its samples). See [ledger.md](ledger.md). Since edbd328 the row\'s line');
p('  is written straight into a per-thread buffer (`JournalLine`, the same bytes as databind): 307-334 ns and no');
p('  garbage per row against 786-814 ns and 1,336 B (JMH `LedgerRowBenchmark`).');
p('- **Timeouts cost a list link, not a Vert.x timer** (since 52591d4): an attempt\'s total, a stream\'s first-token');
p('  and idle timeouts go into the event loop\'s `TimeoutWheel` (fire at most 10 ms late, never early): 90 ns and');
p('  48 B against 388 ns and 272 B to start and cancel one (JMH `TimeoutBenchmark`); timer code fell from 2.7 % to');
p('  0.3 % of the event loops\' samples.');
p('- **The ratio to nginx depends on the day\'s VM more than on a few per cent of Hedge\'s CPU.** On 2026-11-23 the');
p('  same code (stop 15\'s, e97004e) ran at 0.59× nginx in the morning, when the mock cost 14 µs per request and');
p('  Hedge 43 µs, and main (edbd328) at 0.48× in the afternoon, when the mock cost 20 µs, Hedge 58 µs and nginx');
p('  still 15 µs, and Portkey served half as many requests. In the same window, `benchmarks/load/cpu-ab.sh` (4');
p('  alternating rounds, load 2.6-3.1) put edbd328 at 50.6 µs per request (event loops 39.2) against 52.4 (40.3) for');
p('  stop 15\'s tree: no regression. What changed between the runs was the machine: the Node mock and Portkey slowed');
p('  as much as Hedge did, nginx did not.');
p('- **On a slower VM the targets measure the machine.** Later on 2026-11-23 the machine was an AMD EPYC VM (KVM),');
p('  where a system call cost 0.5 µs and everything cost three to four times its CPU on the Xeon VMs: in a full run of');
p('  87b1c1d, per request in the closed loop, the mock 77 µs (19-20 on Xeon), nginx 56 (15), Hedge 192 (56), Portkey');
p('  2,067 (1,277). Hedge ran at 0.58× nginx there (5,221 against 8,969 requests/s) and 10.7× Portkey, but nginx');
p('  itself was only 18.3× Portkey and the mock alone 23.5×: no proxy hop reaches 20× Portkey on that machine. nginx');
p('  added 0.202 ms at 1000 RPS there (Hedge 0.284) and 0.009 ms to the first byte of a stream (Hedge 1.04). The');
p('  report prints the nginx hop\'s own ratios under the targets for this reason. A run of 908f10e on the same VM');
p('  an hour later put Hedge at 0.69× nginx and 12.2× Portkey (nginx 17.7×): a swing from run to run larger than');
p('  the CPU that 908f10e cut (3.4 % in alternating rounds, below), so read one run\'s ratio to ±0.1. On the same VM');
p('  the next day, f33a0b5 ran at 0.60× nginx and 13.0× Portkey (nginx 21.6×), and an hour later f6529c4, with the');
p('  same request path, at 0.52× and 14.4× (nginx 27.5×); `benchmarks/load/cpu-ab.sh` put f6529c4 at 95.2 µs per');
p('  request and f33a0b5 at 96.8 (4 alternating rounds). The run of d6757b2 at 19:26 that day put Hedge at 0.67×');
p('  nginx (rounds 8,809 / 9,882 / 9,798 against 14,625 / 13,602 / 15,433), with about 2 % less CPU per request');
p('  than f6529c4\'s code (`TOGETHER=1 benchmarks/load/cpu-ab.sh`, 8 rounds, ratios 0.97-1.12, mean 1.018). The run');
p('  of 994a5b5 at 22:38 put Hedge at 0.55× nginx (rounds 9,411 / 7,985 / 7,973 against 15,613 / 11,108 / 14,402),');
p('  though 994a5b5 used about 4.5 % less CPU per request than d6757b2\'s successor a23ae60 when the two ran under load');
p('  together (below), and added 0.461 ms to a stream\'s first byte. The run of d0b2c22 (the same request path) at');
p('  23:37 put it at 0.62× (rounds 10,134 / 9,119 / 9,098 against 9,692 / 14,683 / 14,796) and added 0.673 ms to');
p('  the first byte; the run of f311947 (the same request path again) the next day at 01:24, this report, at 0.69×');
p('  and 0.579 ms. The same code runs at 0.5× to 0.7× nginx on this VM, and its first-byte and 1000 RPS figures');
p('  swing as much as the margins to their targets.');
p('- **Where Hedge\'s CPU goes** (AMD VM, 2026-11-23): `benchmarks/load/floor.sh 2 15 25`, per request in the closed');
p('  loop: nginx 30-39 µs (user 10-14, kernel 18-26), a bare Vert.x proxy on Hedge\'s libraries 39-45 (user 21-25),');
p('  a bare Netty proxy 41-46 (user 20-23), Hedge 90 (user 66, kernel 24) in the round the machine left alone. So');
p('  the libraries cost about what nginx does, and the kernel the same for all: the other ~45 µs are Hedge\'s own');
p('  work. Of that, the ledger is the largest part: with `LedgerWriter.record` returning at once (a one-line patch');
p('  for the experiment, no row, journal or SQLite) Hedge used 0.78-0.82 of the CPU per request in 5 rounds loaded');
p('  together with the unpatched build (about 19 µs); the SQLite writer thread alone is 12 % of Hedge\'s CPU samples');
p('  (its inserts 9-14 µs per request in `benchmarks/ledger-insert.sh`, batches of 512 or 2,048 alike). The rest is');
p('  spread over some thirty places of 0.5-2 % each (parsing and writing JSON, metrics, authentication, the journal');
p('  line, futures). A request allocated 26.5 KB at 684dbeb and 21.5 KB now (validation paths, meter keys, key');
p('  hashes, body copies), which changed its CPU by about 2 %. On native epoll (since 994a5b5) the same floor.sh');
p('  gave nginx 31-33 µs, bare Vert.x 38-43, bare Netty 33-34 (as nginx) and Hedge 81-98.');
p('- **Native epoll** (since 994a5b5): the event loops run on Netty\'s native epoll transport where it loads, not on');
p('  Java NIO (whose selector bookkeeping was 6 % of their samples at 1000 RPS). Both builds loaded at the same');
p('  time, a23ae60 against 994a5b5: at 1000 RPS each (`RATE=1000 benchmarks/load/cpu-ab.sh`, 6 rounds, and 6 more');
p('  in a scratch version of it) the event loops used 5 % less CPU per request on epoll, less in 12 of 12 rounds;');
p('  in the closed loop (`TOGETHER=1`, 6 rounds) 4.5 % less CPU per request (ratios 0.99-1.16), event loops less');
p('  and requests/s more in 6 of 6. io_uring (Vert.x 5\'s `Transport.IO_URING`) was no better than epoll (event');
p('  loops 0.98-1.06 of epoll\'s), and transparent huge pages for heap and code saved 3 % of the event loops\' CPU');
p('  but nothing for the process; neither was kept.');
p('- **What a request waits for at low load** (AMD VM, 2026-11-23, tcpdump on loopback, requests one at a time):');
p('  from the client\'s request reaching the proxy to the proxy\'s request to the mock, nginx took 44 µs and Hedge');
p('  141; from the mock\'s answer to the proxy\'s answer, nginx 49 and Hedge 119 (first byte of 20-chunk streams:');
p('  101 and 152, 87 and 122). Both include waking the proxy. The same measurement twice in a row gave Hedge\'s');
p('  whole path (with the mock) 0.41 and 0.77 ms, the mock\'s own part 0.17 and 0.30: on this VM a wake-up on an');
p('  idle core costs tens of microseconds. At 1000 RPS an event loop spends 210-275 µs per request (60-70 in the');
p('  closed loop): 39 % in the kernel, most of it waking the peer process (`sock_def_readable`) and its own sleep in');
p('  `epoll_wait`, about 2 wake-ups per request (the least a proxy can do), and Netty and Vert.x another 27 %.');
p('- **The latency floor at 1000 RPS** (AMD VM, 2026-11-23): `RATE=1000 benchmarks/load/floor.sh 4 12 25` runs');
p('  each proxy and the mock itself at 1000 requests/s over 50 connections, in rounds of rotating order, and takes');
p('  each proxy\'s service p50 minus the mock\'s in the same round. Over 7 rounds (this and a 3-round run before it):');
p('  nginx added 0.13-0.24 ms, a bare Netty proxy 0.11-0.23, a bare Vert.x proxy (Hedge\'s libraries, none of its');
p('  work) 0.18-0.32 and Hedge 0.28-0.34 (service p50 0.40-0.43 ms in every round). So the target of 0.25 ms lies');
p('  inside the bare Vert.x proxy\'s own spread and leaves Hedge\'s work about 0.05 ms where it now takes about');
p('  0.12 (tcpdump, requests one at a time: client in to upstream out nginx 49 µs, bare Netty 55, bare Vert.x 68,');
p('  Hedge 103; upstream answer to client answer 58, 72, 76 and 122). At p99 the added figure is noise: the mock\'s');
p('  own p99 was 0.73-3.28 ms, and nginx added -0.44 to 2.38 ms, Netty -0.13 to 2.24, Vert.x 0.82-3.04 and Hedge');
p('  1.19-3.70. In one 10 s round each, 150-159 of 10,000 requests took over 2 ms through nginx, Netty or Vert.x and');
p('  248 through Hedge (13 straight to the mock), in clusters a few times a second. Hedge\'s young collections');
p('  (about one a second at 1000 RPS, 20 KB allocated per request) pause it 1.3-3.4 ms each; each pause catches');
p('  the few requests in flight or arriving, so by count they explain at most about a third of its extra slow ones.');
p('- **The last levers, measured** (AMD VM, 2026-11-24, on f311947; none of them is in the product):');
p('  - *The floor in the closed loop* (`benchmarks/load/floor.sh 2 15 20`): nginx 23,469 / 23,895 requests/s, the bare');
p('    Vert.x proxy 18,866 / 23,762, the bare Netty proxy 23,550 / 26,995, Hedge 13,747 / 15,426 (0.59× / 0.65×');
p('    nginx). Per request Hedge used 72-80 µs (user 49-56), the bare Vert.x proxy 36-44 (user 18-24). In this');
p('    report\'s run nginx reached 21.89× Portkey, so ≥ 20× Portkey asks for ≥ 0.91× nginx: the bare Vert.x proxy,');
p('    with none of Hedge\'s work, reached 0.80× and 0.99×.');
p('  - *A lean upstream client* (`benchmarks/experiments/lean-upstream-client.patch`): plain-HTTP unary requests sent');
p('    on Netty\'s codecs alone (idle connections per event loop, no Vert.x `HttpClient`), the rest of Hedge');
p('    unchanged. Loaded together with the unchanged build (`TOGETHER=1 benchmarks/load/cpu-ab.sh`, 6 rounds):');
p('    0.87-0.965 of its CPU per request (about 6 % less) and about 6 % more requests/s. At 1000 RPS (`RATE=1000`,');
p('    6 rounds) the event loops used 0.90-1.00 of the CPU, and the service p50 did not move (0.436-0.533 ms against');
p('    0.44-0.522). A client that also does TLS, pool limits and waits, SSE with back-pressure and decompression');
p('    would be a large change for that 6 %.');
p('  - *ParallelGC* (2 threads, fixed young generation) instead of SerialGC, Hedge alone at 1000 RPS after the');
p('    same warm-up: young pauses 1.3-5.8 ms (median 2.25) against 0.9-3.8 (median 1.7-2.3), p99 6.4-8.7 ms');
p('    against 4.4-6.1. No better.');
p('  - *One event loop instead of two*, alternating with two and the mock at 1000 RPS (6 rounds): p50 0.316-0.398');
p('    ms against 0.337-0.445, within the rounds\' spread.');
p('  - *The JIT in the steady state* (`-Xlog:deoptimization`, 90 s closed loop): 96 deoptimizations in all, none');
p('    repeating; compilation took 1.1 s of CPU in the last 80 s (about 1.4 % of one core), tailing off.');
p('- **Strict thread mode and journal pages populated ahead** (since 908f10e): the listener writes each response');
p('  straight to its channel (`HttpServerOptions.setStrictThreadMode`; every write is on the connection\'s event loop)');
p('  instead of through Vert.x\'s cross-thread outbound queue, and the writer thread makes a new journal segment\'s');
p('  pages present and writable with one `madvise(MADV_POPULATE_WRITE)` (page faults in the row\'s copy were 1.2 % of');
p('  the event loops\' samples). `benchmarks/load/cpu-ab.sh` against 87b1c1d, 6 alternating rounds on the AMD VM:');
p('  161.6 against 167.3 µs per request (event loops 134.0 against 140.8), lower in 6 of 6 rounds; 7,008 against');
p('  6,716 requests/s.');
p('- **Observers wait for the answer, not the other way round** (since branch `afterwrite`): the metrics');
p('  (5-6 µs), the request log line (4 µs) and the serving attempt\'s metrics run just after the answer\'s last byte');
p('  was handed to the client\'s socket, in the same event-loop turn (no wake-up, no other thread); before, the last');
p('  byte waited for them. The ledger row and the budget\'s settlement stay before the last byte (promises to the');
p('  client). CPU per request is unchanged: the work moved, it was not removed.');
p('- **Streaming TTFB at concurrency 1** is mostly the client waiting for a core: with 1 chunk per answer Hedge');
p('  added 0.14-0.2 ms to the first byte, with 20 chunks 0.38-0.47 ms (runs alternated with the mock direct, load');
p('  average 4.7), for the same Hedge work before the first byte. On 2 cores the mock writing the other 19 chunks and');
p('  Hedge relaying them (at once, one write per read) hold both cores while the client has its first byte to read.');
p('  On the AMD VM (f33a0b5, streams one at a time against a Hedge that had served thousands, alternated with the');
p('  mock direct): 1 chunk per answer added 0.26 ms, 20 chunks 0.41-0.46 ms. There an event loop spends 250-265 µs of');
p('  CPU on a 1-chunk stream and 485-515 µs on a 20-chunk one; the kernel is 42 % of its samples, and `strace -T`');
p('  puts Hedge\'s own work before the first byte at about 80 µs from the client\'s `read` to the upstream `write` and');
p('  80 µs from the upstream `read` to the client\'s first `writev` (both inflated by strace).');
p('- **Warm-up with thousands of streams** (since f33a0b5; 100 before): a stream\'s own code (its start, commit, head');
p('  and end) runs once per stream, so after 100 warm-up streams it was still short of the top JIT tier. By hand on');
p('  the AMD VM, with the mock direct alongside: after a warm-up like the old one Hedge added 0.70-0.79 ms to the');
p('  first byte at concurrency 1, after 6,000 more streams 0.47-0.50 ms (509 more methods compiled in between).');
p('  Every target now gets 6,000 streams, and the concurrency-1 test sends 1,000 (was 300). The last run of the old');
p('  warm-up (908f10e) put Hedge\'s added TTFB at 0.912 ms.');
p('- **Counting a stream\'s output does not hold its event loop** (since 480e1b5): when a supplier reports no usage,');
p('  Hedge counts the answer in 4,096-char slices as it arrives, where it counted the whole answer at the end (a');
p('  72 MB answer of long "words" held a loop 20 s). The token table\'s hash was also fixed (short tokens crowded');
p('  into probe chains thousands long): 64 KB of base64 counts in 7.2 ms instead of 148, long words in 15.6 instead');
p('  of 91, prose unchanged at 2.0 (JMH `TokenCountBenchmark`, jtokkit 18, 63 and 4.1 ms in the same run). Long');
p('  prompts and unary answers are counted off the event loop (see [architecture.md](architecture.md)).');
p('- **A storm of new streams is slow the first times** (measured by hand on the AMD VM at cf29cd3, not by this run):');
p('  in (d) of the runs of f33a0b5 and f6529c4 Hedge took 3.3 and 2.4 s to the first byte of the median slow stream');
p('  (nginx 0.14 s in both), because the connection set-up');
p('  of 5,000 client and 5,000 upstream connections in 3 s runs code the earlier tests, on kept-alive connections,');
p('  never warmed. Five storms of 5,000 streams (5 chunks, 1 s apart, `RAMP_MS=3000 stream-client.mjs`) in a row');
p('  against one Hedge: first byte p50 3.5, 1.3, 1.1, 1.0, 0.23 s, then 0.14 s; the JIT compiled about 200 methods');
p('  in each storm (C2 a quarter of the process\'s CPU samples), and young collections took 70-100 ms each during the');
p('  storm (2.4-3.3 ms under unary load). Each storm also leaves 120-150 MB of garbage in the old generation, which');
p('  SerialGC grows rather than collects (no full collection in five storms; old generation 674 MB, RSS 900 MB; a');
p('  full collection freed it to 46 MB in 0.42 s): the 400 MB of (d) holds for one storm, not for a day of them.');
p('  Four storms in a row, RSS after each: 345, 446, 539, 624 MB, still 624 after 30 s idle; with G1 and');
p('  `G1PeriodicGCInterval=5000` 394, 559, 683, 798, then 602 idle; with SerialGC and `-Xmx448m` 354, 469, 575, 591');
p('  (flat from there, no error). The launcher sets no heap cap, so the heap may grow to a quarter of RAM first.');
p('- **What a storm leaves is given back once the server is idle** (since HeapTrim, 2026-11-23): when no request');
p('  ran for a whole 2 s check period (none in flight at either check, none taken in between) and the old generation');
p('  grew by 64 MB since the last full collection, `hedge serve` makes one, and the launcher\'s');
p('  `-XX:-ShrinkHeapInSteps` lets it shrink the heap at once (in steps the first full collection gives back');
p('  nothing). `STORMS=3 MOCK=0 benchmarks/load/slow-streams.sh 5000 10`, RSS right after each storm, then after');
p('  10 s idle: 684dbeb 355, 468, 566, then 566 MB; with HeapTrim 344, 445, 549, then 266 MB (old generation 366 to');
p('  59 MB in a 401 ms collection). Storms back to back still add up (no idle moment between them), and a server');
p('  with steady traffic, however light, is never paused, so it has no full collection until the heap\'s maximum.');
p();
p('## Method');
p();
p('- **Targets**, all on 127.0.0.1: `mock-upstream.mjs` (Node, one process: a fixed ~650-byte `chat.completion`, or');
p('  `chat.completion.chunk` events with a usage chunk and `[DONE]`); nginx (`worker_processes auto`, keep-alive');
p('  upstream, buffering off); Portkey\'s gateway (`x-portkey-provider: openai`, `x-portkey-custom-host` → the mock);');
p('  Hedge through `./hedge serve --config` with a virtual key from its store (SQLite), a provider and a priced');
p('  model: authentication, metering and the store are on, as users run it.');
p('- **Order**: a warm-up for every target (60 s at 2000 RPS and 6,000 streams of 20 chunks at concurrency 10; 5 s and');
p('  500 streams with `--quick`; runs before 2026-11-23 warmed with 100 streams), then each test');
p('  against each target in turn, the first target rotating from test to test, so slow drifts of the machine spread');
p('  over all targets. Before each test every target is idle');
p('  (below 5 % of a core, at most 20 s of waiting): an overloaded target works off its queue before the next test starts.');
p('- **(a)** `loadgen.mjs`: a constant-rate open-loop generator written for this harness (Debian\'s wrk has no');
p('  constant-rate mode and h2load reports no percentiles): raw keep-alive sockets, requests due at fixed');
p('  intervals, exact percentiles over every recorded request after an unrecorded warm-up.');
p('- **(b)** Debian\'s wrk with `chat.lua` (same request body), in rounds (3 by default, `CLOSED_ROUNDS`): each');
p('  round runs every target once, in the rotating order; each target\'s median round is reported. (Runs before');
p('  2026-11-23 had one round, and their order did not in fact rotate: a bug in `run.sh` kept mock, nginx, Portkey,');
p('  Hedge in that order for every test.)');
p('- **(c)/(d)** `stream-client.mjs` (Node http): time to first and last byte, completeness (all chunks and');
p('  `[DONE]`), and arrival gaps. The mock reads the chunk count and delay from the user message, so they pass');
p('  through every gateway unchanged. The slow streams start over 3 s and are held until their last chunk.');
p('- **RSS** from `/proc/<pid>/status` every 250 ms. `slow-streams.sh` runs (d) alone for Hedge and the mock, with');
p('  a class histogram and native-memory summary at the peak on request.');
p('- **Start-up**: from launching `./hedge serve --config` (launcher included) on a store that `./hedge keys create`');
p('  made, to the first `/readyz` 200; the AOT cache is recorded beforehand (`./hedge --help`), once per build.');
p('- Portkey 1.15.2 needs a one-token compatibility fix to stream on Node 20 (`run.sh` explains and applies it).');
p('- Raw results of this run: `benchmarks/load/results/` (not in git).');
console.log(out.join('\n'));
