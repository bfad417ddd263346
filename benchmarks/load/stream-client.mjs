// Streaming probe for the load benchmark: N streamed chat requests at concurrency C against URL; reports time
// to first byte and to last byte (p50/p90/p99/max, ms) and checks that chunks arrive one by one (with a
// per-chunk delay upstream, the gaps between arrivals must be close to that delay, not zero).
//   node stream-client.mjs URL KEY REQUESTS CONCURRENCY [CHUNKS] [DELAY_MS]
import http from 'node:http';

const [url, key, requests = '200', concurrency = '1', chunks = '20', delayMs = '0'] = process.argv.slice(2);
const target = new URL(url);
const agent = new http.Agent({ keepAlive: true, maxSockets: Number(concurrency) });
const body = JSON.stringify({ model: 'gpt-4o-mini', stream: true, messages: [{ role: 'user', content: 'Say hello.' }] });

function one() {
  return new Promise((resolve) => {
    const start = process.hrtime.bigint();
    let first = null;
    const arrivals = [];
    const req = http.request({
      host: target.hostname, port: target.port, path: target.pathname, method: 'POST', agent,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}`, 'x-mock-chunks': chunks, 'x-mock-delay-ms': delayMs,
                 'content-length': Buffer.byteLength(body) },
    }, (res) => {
      let buffered = '';
      res.on('data', (data) => {
        const now = process.hrtime.bigint();
        if (first === null) first = now;
        buffered += data.toString();
        let index;
        while ((index = buffered.indexOf('\n\n')) >= 0) {
          arrivals.push(now);
          buffered = buffered.slice(index + 2);
        }
      });
      res.on('end', () => resolve({ ok: res.statusCode === 200, ttfb: Number(first - start) / 1e6,
        ttlb: Number(process.hrtime.bigint() - start) / 1e6, arrivals }));
    });
    req.on('error', () => resolve({ ok: false }));
    req.end(body);
  });
}

const results = [];
let next = 0;
async function worker() {
  while (next < Number(requests)) {
    next++;
    results.push(await one());
  }
}
await Promise.all(Array.from({ length: Number(concurrency) }, worker));
const ok = results.filter((r) => r.ok);
const pct = (values, p) => { const s = [...values].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(p / 100 * s.length))]; };
const summary = (values) => ({ p50: pct(values, 50), p90: pct(values, 90), p99: pct(values, 99), max: Math.max(...values) });
let batched = 0;
if (Number(delayMs) > 0) {
  for (const r of ok) {
    for (let i = 1; i < r.arrivals.length - 3; i++) {
      if (Number(r.arrivals[i] - r.arrivals[i - 1]) / 1e6 < Number(delayMs) / 4) batched++;
    }
  }
}
console.log(JSON.stringify({ requests: results.length, errors: results.length - ok.length,
  ttfb_ms: summary(ok.map((r) => r.ttfb)), ttlb_ms: summary(ok.map((r) => r.ttlb)),
  batched_chunk_pairs: batched }));
agent.destroy();
