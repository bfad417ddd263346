// Constant-rate (open-loop) HTTP/1.1 load generator for the load benchmark, in the manner of wrk2: requests are
// scheduled at fixed intervals whatever the server does, and each latency is measured from the moment the
// request was *due*, so a stalled server is charged for the requests it delayed (no coordinated omission).
// The service time (from the moment the request was written) is reported beside it.
//   node loadgen.mjs URL --rate 1000 --connections 50 --duration 15 --warmup 3 [--key K] [--header 'k: v']...
// Prints one JSON object: due/completed/errors, statuses, latency_ms and service_ms (p50/p90/p99/p999/max).
// Raw sockets with a prebuilt request keep the generator's own cost per request small (a few µs).
import net from 'node:net';

const args = process.argv.slice(2);
const url = new URL(args.shift() ?? usage());
const options = { rate: 1000, connections: 50, duration: 15, warmup: 3, key: '', headers: [], stream: false };
while (args.length) {
  const name = args.shift();
  const value = args.shift();
  if (value === undefined) usage();
  switch (name) {
    case '--rate': options.rate = positive(name, value); break;
    case '--connections': options.connections = positive(name, value); break;
    case '--duration': options.duration = positive(name, value); break;
    case '--warmup': options.warmup = Number(value); break;
    case '--key': options.key = value; break;
    case '--header': options.headers.push(value); break;
    default: usage();
  }
}

function usage() {
  console.error('usage: node loadgen.mjs URL --rate RPS --connections N --duration SECONDS [--warmup SECONDS] [--key KEY] [--header "k: v"]...');
  process.exit(2);
}

function positive(name, value) {
  const number = Number(value);
  if (!(number > 0)) {
    console.error(`${name}: ${value} (expected: > 0)`);
    process.exit(2);
  }
  return number;
}

const body = '{"model":"gpt-4o-mini","messages":[{"role":"system","content":"You are terse."},'
  + '{"role":"user","content":"Say hello in five words."}],"max_tokens":32}';
const head = [`POST ${url.pathname} HTTP/1.1`, `Host: ${url.host}`, 'Content-Type: application/json',
  ...(options.key ? [`Authorization: Bearer ${options.key}`] : []), ...options.headers,
  `Content-Length: ${Buffer.byteLength(body)}`, '', ''].join('\r\n');
const request = Buffer.from(head + body);

const NS = 1_000_000_000n;
const intervalNs = Number(NS) / options.rate;
const start = process.hrtime.bigint() + 200_000_000n; // connections open first
const recordFrom = start + BigInt(Math.round(options.warmup * 1e9));
const end = recordFrom + BigInt(Math.round(options.duration * 1e9));

const latencies = [];
const services = [];
const statuses = {};
let due = 0;
let completed = 0;
let errors = 0;
let socketErrors = 0;
let unsolicited = 0; // responses (or bytes) that arrived with no request outstanding
let scheduled = 0; // index of the next request to schedule
const queue = []; // due times (bigint) of requests waiting for a free connection
const idle = [];

function findCrlf(buffer, from) {
  for (let i = from; i < buffer.length - 1; i++) {
    if (buffer[i] === 13 && buffer[i + 1] === 10) return i;
  }
  return -1;
}

/** Length of a complete response at the start of {@code buffer}, or -1 while more bytes are needed. */
function responseLength(buffer, state) {
  if (state.headerEnd < 0) {
    const end = buffer.indexOf('\r\n\r\n');
    if (end < 0) return -1;
    state.headerEnd = end + 4;
    const headers = buffer.subarray(0, end).toString('latin1');
    state.status = Number(headers.slice(9, 12));
    const length = /\r\ncontent-length:\s*(\d+)/i.exec(headers);
    state.chunked = /\r\ntransfer-encoding:\s*chunked/i.test(headers);
    state.length = length ? Number(length[1]) : 0;
    state.cursor = state.headerEnd;
    state.close = /\r\nconnection:\s*close/i.test(headers);
  }
  if (!state.chunked) {
    return buffer.length >= state.headerEnd + state.length ? state.headerEnd + state.length : -1;
  }
  for (;;) {
    const lineEnd = findCrlf(buffer, state.cursor);
    if (lineEnd < 0) return -1;
    const size = parseInt(buffer.subarray(state.cursor, lineEnd).toString('latin1'), 16);
    if (size === 0) {
      const trailerEnd = buffer.indexOf('\r\n', lineEnd + 2); // no trailers expected: an empty line follows
      return trailerEnd < 0 ? -1 : trailerEnd + 2;
    }
    const next = lineEnd + 2 + size + 2;
    if (buffer.length < next) return -1;
    state.cursor = next;
  }
}

function connect() {
  const connection = { socket: net.connect({ host: url.hostname, port: Number(url.port || 80) }), buffer: Buffer.alloc(0),
    state: null, dueAt: 0n, sentAt: 0n, busy: false };
  connection.socket.setNoDelay(true);
  connection.socket.on('connect', () => { idle.push(connection); dispatch(); });
  connection.socket.on('data', (data) => {
    if (connection.state === null) {
      // bytes with no request outstanding: a protocol error of the target's, counted, and the connection replaced
      unsolicited++;
      failed();
      connection.socket.destroy();
      return;
    }
    connection.buffer = connection.buffer.length ? Buffer.concat([connection.buffer, data]) : data;
    const length = responseLength(connection.buffer, connection.state);
    if (length < 0) return;
    const now = process.hrtime.bigint();
    const { status, close } = connection.state;
    finish(connection, status, now);
    connection.state = null;
    connection.buffer = connection.buffer.subarray(length);
    if (close) {
      connection.socket.destroy();
      connection.closed = true;
      connect();
      return;
    }
    idle.push(connection);
    dispatch();
  });
  const failed = () => {
    if (connection.closed) return;
    connection.closed = true;
    socketErrors++;
    if (connection.busy) finish(connection, 0, process.hrtime.bigint());
    const index = idle.indexOf(connection);
    if (index >= 0) idle.splice(index, 1);
    if (process.hrtime.bigint() < end) setTimeout(connect, 10);
  };
  connection.socket.on('error', failed);
  connection.socket.on('close', failed);
}

function finish(connection, status, now) {
  connection.busy = false;
  inFlight--;
  if (connection.dueAt < recordFrom) return;
  completed++;
  statuses[status] = (statuses[status] ?? 0) + 1;
  if (status < 200 || status >= 300) {
    errors++;
    return;
  }
  latencies.push(Number(now - connection.dueAt) / 1e6);
  services.push(Number(now - connection.sentAt) / 1e6);
}

let inFlight = 0;
function dispatch() {
  while (queue.length && idle.length) {
    const connection = idle.pop();
    connection.busy = true;
    connection.dueAt = queue.shift();
    connection.sentAt = process.hrtime.bigint();
    connection.state = { headerEnd: -1 };
    inFlight++;
    connection.socket.write(request);
  }
}

function tick() {
  const now = process.hrtime.bigint();
  for (;;) {
    const at = start + BigInt(Math.round(scheduled * intervalNs));
    if (at > now || at >= end) break;
    queue.push(at);
    scheduled++;
    if (at >= recordFrom) due++;
  }
  dispatch();
  if (start + BigInt(Math.round(scheduled * intervalNs)) < end) {
    setTimeout(tick, 0);
  } else {
    drain(process.hrtime.bigint() + 5n * NS);
  }
}

function drain(deadline) {
  if ((queue.length || inFlight) && process.hrtime.bigint() < deadline) {
    setTimeout(() => drain(deadline), 5);
    return;
  }
  const unfinished = queue.filter((at) => at >= recordFrom).length + inFlight;
  report(unfinished);
}

function summary(values) {
  if (!values.length) return null;
  const sorted = Float64Array.from(values).sort();
  const at = (p) => sorted[Math.min(sorted.length - 1, Math.ceil(p / 100 * sorted.length) - 1)];
  const round = (v) => Math.round(v * 1000) / 1000;
  return { p50: round(at(50)), p90: round(at(90)), p99: round(at(99)), p999: round(at(99.9)), max: round(sorted[sorted.length - 1]) };
}

function report(unfinished) {
  console.log(JSON.stringify({
    url: url.href, rate: options.rate, connections: options.connections, duration_s: options.duration,
    due, completed, errors: errors + unfinished, unfinished, socket_errors: socketErrors, unsolicited_responses: unsolicited, statuses,
    achieved_rps: Math.round(completed / options.duration),
    latency_ms: summary(latencies), service_ms: summary(services),
  }));
  process.exit(0);
}

for (let i = 0; i < options.connections; i++) connect();
setTimeout(tick, Number((start - process.hrtime.bigint()) / 1_000_000n));
