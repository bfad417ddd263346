-- wrk: POST a small chat request with a bearer key (KEY env, default none).
wrk.method = "POST"
wrk.headers["content-type"] = "application/json"
local key = os.getenv("KEY")
if key and key ~= "" then wrk.headers["authorization"] = "Bearer " .. key end
local model = os.getenv("MODEL") or "gpt-4o-mini"
wrk.body = '{"model":"' .. model .. '","messages":[{"role":"system","content":"You are terse."},{"role":"user","content":"Say hello in five words."}],"max_tokens":32}'
