// A neutral, fast mock of OpenAI's chat completions endpoint (not Hedge code), for the load benchmark.
//   PORT=9100 CHUNKS=20 CHUNK_DELAY_MS=0 node mock-upstream.mjs
// POST /v1/chat/completions answers a fixed ~600-byte chat.completion with usage, or, for "stream": true,
// CHUNKS chat.completion.chunk events (CHUNK_DELAY_MS apart), a usage chunk, then [DONE]. A request may override
// both with the headers x-mock-chunks / x-mock-delay-ms or, since gateways do not forward such headers, with the
// words `x-mock-chunks=N` / `x-mock-delay-ms=N` anywhere in its body (e.g. in the user message).
// WORKERS=n forks n processes sharing the port (default 1).
import cluster from 'node:cluster';
import http from 'node:http';

const port = Number(process.env.PORT ?? 9100);
const workers = Number(process.env.WORKERS ?? 1);
const defaultChunks = Number(process.env.CHUNKS ?? 20);
const defaultDelay = Number(process.env.CHUNK_DELAY_MS ?? 0);

const completion = Buffer.from(JSON.stringify({
  id: 'chatcmpl-mock0000000000000000000000', object: 'chat.completion', created: 1741569952, model: 'gpt-4o-mini-2024-07-18',
  choices: [{ index: 0, message: { role: 'assistant', content: 'Hello! A fixed answer from the benchmark mock upstream, about as long as a short reply.', refusal: null, annotations: [] }, logprobs: null, finish_reason: 'stop' }],
  usage: { prompt_tokens: 19, completion_tokens: 28, total_tokens: 47, prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 }, completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 } },
  service_tier: 'default', system_fingerprint: 'fp_mock'
}));
const chunk = (i) => Buffer.from('data: ' + JSON.stringify({
  id: 'chatcmpl-mock', object: 'chat.completion.chunk', created: 1741569952, model: 'gpt-4o-mini-2024-07-18', system_fingerprint: 'fp_mock',
  choices: [{ index: 0, delta: i === 0 ? { role: 'assistant', content: 'tok0 ' } : { content: `tok${i} ` }, logprobs: null, finish_reason: null }]
}) + '\n\n');
const finish = Buffer.from('data: ' + JSON.stringify({ id: 'chatcmpl-mock', object: 'chat.completion.chunk', created: 1741569952, model: 'gpt-4o-mini-2024-07-18', choices: [{ index: 0, delta: {}, logprobs: null, finish_reason: 'stop' }] }) + '\n\n');
const usage = (n) => Buffer.from('data: ' + JSON.stringify({ id: 'chatcmpl-mock', object: 'chat.completion.chunk', created: 1741569952, model: 'gpt-4o-mini-2024-07-18', choices: [], usage: { prompt_tokens: 19, completion_tokens: n, total_tokens: 19 + n } }) + '\n\n');
const done = Buffer.from('data: [DONE]\n\n');

function serve() {
  http.createServer((req, res) => {
    const body = [];
    req.on('data', (b) => body.push(b));
    req.on('end', () => {
      if (req.method !== 'POST' || !req.url.endsWith('/chat/completions')) {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end('{"error":{"message":"not found","type":"invalid_request_error","param":null,"code":null}}');
        return;
      }
      const text = Buffer.concat(body).toString();
      if (!/"stream"\s*:\s*true/.test(text)) {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': completion.length });
        res.end(completion);
        return;
      }
      const chunks = Number(/x-mock-chunks=(\d+)/.exec(text)?.[1] ?? req.headers['x-mock-chunks'] ?? defaultChunks);
      const delay = Number(/x-mock-delay-ms=(\d+)/.exec(text)?.[1] ?? req.headers['x-mock-delay-ms'] ?? defaultDelay);
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      let i = 0;
      let closed = false;
      res.on('close', () => { closed = true; });
      const next = () => {
        if (closed) return;
        if (i < chunks) {
          res.write(chunk(i++));
          if (delay > 0) setTimeout(next, delay); else setImmediate(next);
        } else {
          res.write(finish);
          res.write(usage(chunks));
          res.end(done);
        }
      };
      next();
    });
  }).listen(port, '127.0.0.1', 4096);
}

if (workers > 1 && cluster.isPrimary) {
  for (let w = 0; w < workers; w++) cluster.fork();
} else {
  serve();
}
