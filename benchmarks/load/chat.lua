-- wrk: POST a small chat request with a bearer key (KEY env, default none) and extra headers
-- (HEADERS env, 'name: value|name: value'); STREAM=N asks for a stream of N chunks (the mock reads x-mock-chunks=N).
wrk.method = "POST"
wrk.headers["content-type"] = "application/json"
local key = os.getenv("KEY")
if key and key ~= "" then wrk.headers["authorization"] = "Bearer " .. key end
local extra = os.getenv("HEADERS") or ""
for pair in string.gmatch(extra, "[^|]+") do
  local name, value = string.match(pair, "^%s*([^:]+):%s*(.-)%s*$")
  if name then wrk.headers[name] = value end
end
local model = os.getenv("MODEL") or "gpt-4o-mini"
local chunks = os.getenv("STREAM") or ""
if chunks ~= "" then
  wrk.body = '{"model":"' .. model .. '","stream":true,"messages":[{"role":"system","content":"You are terse."},{"role":"user","content":"Say hello in five words. x-mock-chunks=' .. chunks .. '"}],"max_tokens":32}'
else
  wrk.body = '{"model":"' .. model .. '","messages":[{"role":"system","content":"You are terse."},{"role":"user","content":"Say hello in five words."}],"max_tokens":32}'
end
