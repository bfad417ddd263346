-- Reserves one request's claim atomically: every line or none.
-- KEYS: budget counters (nb of them), then rate logs (nr sorted sets; amounts live in <key>:amt hashes)
-- ARGV: nb, nr, now_ms, request_id, worst_micro_usd, estimated_tokens,
--       then per budget: limit_micro_usd, ttl_ms (0 = none); then per rate: kind ('r' or 't'), limit
-- Returns {'ok'} | {'init', i} (budget counter i missing: seed it from the ledger, then retry)
--       | {'budget', i, committed} | {'rate', j, wait_ms}
local nb = tonumber(ARGV[1])
local nr = tonumber(ARGV[2])
local now = tonumber(ARGV[3])
local id = ARGV[4]
local worst = tonumber(ARGV[5])
local est = tonumber(ARGV[6])
local window = 60000

for i = 1, nb do
  if redis.call('EXISTS', KEYS[i]) == 0 then
    return {'init', i}
  end
end

local amounts = {}
for j = 1, nr do
  local key = KEYS[nb + j]
  local amt = key .. ':amt'
  local kind = ARGV[6 + 2 * nb + 2 * j - 1]
  local limit = tonumber(ARGV[6 + 2 * nb + 2 * j])
  local old = redis.call('ZRANGEBYSCORE', key, '-inf', now - window)
  for _, member in ipairs(old) do
    redis.call('HDEL', amt, member)
  end
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
  local amount = 1
  if kind == 't' then amount = est end
  amounts[j] = amount
  local entries = redis.call('ZRANGE', key, 0, -1, 'WITHSCORES')
  local values = {}
  local total = 0
  for e = 1, #entries, 2 do
    local v = tonumber(redis.call('HGET', amt, entries[e]) or '0')
    values[#values + 1] = v
    total = total + v
  end
  if total + amount > limit then
    local left = total
    local wait = window
    for e = 1, #values do
      left = left - values[e]
      if left + amount <= limit then
        wait = tonumber(entries[2 * e]) + window - now
        break
      end
    end
    if wait < 0 then wait = 0 end
    return {'rate', j, wait}
  end
end

for i = 1, nb do
  local limit = tonumber(ARGV[6 + 2 * i - 1])
  local committed = tonumber(redis.call('GET', KEYS[i]))
  if committed + worst > limit then
    return {'budget', i, committed}
  end
end

for j = 1, nr do
  local key = KEYS[nb + j]
  redis.call('ZADD', key, now, id)
  redis.call('HSET', key .. ':amt', id, amounts[j])
  redis.call('PEXPIRE', key, window + 1000)
  redis.call('PEXPIRE', key .. ':amt', window + 1000)
end
for i = 1, nb do
  redis.call('INCRBY', KEYS[i], worst)
end
return {'ok'}
