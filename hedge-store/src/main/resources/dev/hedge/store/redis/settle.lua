-- Settles an admitted claim: budgets keep the actual cost and release the rest; token logs get the real count.
-- KEYS: budget counters (nb), then tokens-per-minute logs (nt)
-- ARGV: nb, nt, delta_micro_usd (actual - worst), request_id, actual_tokens
local nb = tonumber(ARGV[1])
local nt = tonumber(ARGV[2])
for i = 1, nb do
  if redis.call('EXISTS', KEYS[i]) == 1 then
    redis.call('INCRBY', KEYS[i], ARGV[3])
  end
end
for j = 1, nt do
  local amt = KEYS[nb + j] .. ':amt'
  if redis.call('HEXISTS', amt, ARGV[4]) == 1 then
    redis.call('HSET', amt, ARGV[4], ARGV[5])
  end
end
return 1
