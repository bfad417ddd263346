// Streaming probe for the load benchmark: N streamed chat requests at concurrency C against URL; reports time
// to first byte and to last byte (p50/p90/p99/max, ms), whether every stream completed (status 200, all CHUNKS
// content events, then [DONE]), and checks that chunks arrive one by one: with a per-chunk delay upstream, two
// content events arriving less than a quarter of that delay apart count as a batched pair, and a stream most of
// whose pairs are batched counts as a batched stream.
//   node stream-client.mjs URL KEY REQUESTS CONCURRENCY [CHUNKS] [DELAY_MS]
// Environment: HEADERS='k: v|k: v' adds request headers; RAMP_MS spreads the first requests over that time.
// The mock reads CHUNKS and DELAY_MS from the user message, so they pass through any gateway unchanged.
import http from 'node:http';

const [url, key, requests = '200', concurrency = '1', chunks = '20', delayMs = '0'] = process.argv.slice(2);
if (!url) {
  console.error('usage: node stream-client.mjs URL KEY REQUESTS CONCURRENCY [CHUNKS] [DELAY_MS]');
  process.exit(2);
}
const target = new URL(url);
const agent = new http.Agent({ keepAlive: true, maxSockets: Number(concurrency) });
const body = JSON.stringify({ model: 'gpt-4o-mini', stream: true,
  messages: [{ role: 'user', content: `Say hello. x-mock-chunks=${chunks} x-mock-delay-ms=${delayMs}` }] });
const extraHeaders = Object.fromEntries((process.env.HEADERS ?? '').split('|').filter((h) => h.includes(':'))
  .map((h) => [h.slice(0, h.indexOf(':')).trim(), h.slice(h.indexOf(':') + 1).trim()]));
const rampMs = Number(process.env.RAMP_MS ?? 0);

function one() {
  return new Promise((resolve) => {
    const start = process.hrtime.bigint();
    let first = null;
    const arrivals = [];
    let done = false;
    const req = http.request({
      host: target.hostname, port: target.port, path: target.pathname, method: 'POST', agent,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}`, 'content-length': Buffer.byteLength(body),
        ...extraHeaders },
    }, (res) => {
      let buffered = '';
      res.on('data', (data) => {
        const now = process.hrtime.bigint();
        if (first === null) first = now;
        buffered += data.toString();
        let index;
        while ((index = buffered.indexOf('\n\n')) >= 0) {
          const event = buffered.slice(0, index);
          buffered = buffered.slice(index + 2);
          if (event.includes('[DONE]')) done = true;
          else if (event.includes('"content"')) arrivals.push(now);
        }
      });
      res.on('end', () => resolve({ ok: res.statusCode === 200, complete: res.statusCode === 200 && done && arrivals.length >= Number(chunks),
        ttfb: Number(first - start) / 1e6, ttlb: Number(process.hrtime.bigint() - start) / 1e6, arrivals }));
      res.on('error', () => resolve({ ok: false, complete: false }));
    });
    req.on('error', () => resolve({ ok: false, complete: false }));
    req.end(body);
  });
}

const results = [];
let next = 0;
async function worker(index) {
  if (rampMs > 0) await new Promise((r) => setTimeout(r, rampMs * index / Number(concurrency)));
  while (next < Number(requests)) {
    next++;
    results.push(await one());
  }
}
const began = Date.now();
await Promise.all(Array.from({ length: Number(concurrency) }, (_, i) => worker(i)));
const ok = results.filter((r) => r.ok);
const pct = (values, p) => { const s = [...values].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.ceil(p / 100 * s.length) - 1)]; };
const round = (v) => Math.round(v * 1000) / 1000;
const summary = (values) => (values.length ? { p50: round(pct(values, 50)), p90: round(pct(values, 90)), p99: round(pct(values, 99)),
  max: round(values.reduce((a, b) => Math.max(a, b), 0)) } : null);
// A relay that buffers does it to every chunk; a pair now and then arriving together is the client or the
// machine being late. So a stream counts as batched when most of its pairs arrived together.
let batched = 0;
let pairs = 0;
let batchedStreams = 0;
if (Number(delayMs) > 0) {
  for (const r of ok) {
    let together = 0;
    for (let i = 1; i < r.arrivals.length; i++) {
      pairs++;
      if (Number(r.arrivals[i] - r.arrivals[i - 1]) / 1e6 < Number(delayMs) / 4) together++;
    }
    batched += together;
    if (together * 2 > r.arrivals.length - 1) batchedStreams++;
  }
}
console.log(JSON.stringify({ requests: results.length, concurrency: Number(concurrency), chunks: Number(chunks), delay_ms: Number(delayMs),
  errors: results.length - ok.length, incomplete: results.filter((r) => !r.complete).length, seconds: (Date.now() - began) / 1000,
  ttfb_ms: summary(ok.map((r) => r.ttfb)), ttlb_ms: summary(ok.map((r) => r.ttlb)),
  chunk_pairs_checked: pairs, batched_chunk_pairs: batched, batched_streams: batchedStreams }));
agent.destroy();
