/**
 * The one Lua script of `RedisAdmissionStateStore`, run atomically by Redis once per sync of one
 * (provider, model). Keys (one hash tag, so a cluster keeps them on one slot):
 *   KEYS[1] state hash: staticCap, blockedUntil, successStreak, consecutiveRateLimits, rampStartedAt,
 *           rateLimitCeiling, lastDecreaseFrom, ceilingHits, overshootFloor ('' = null), limit:<domain>, peak:<domain> (most
 *           slots held at once over all processes)
 *   KEYS[2] held hash:  <process>|<domain> -> slots that process holds (its allotment, ≥ its in-flight)
 *   KEYS[3] want hash:  <process>|<domain> -> slots that process would use
 *   KEYS[4] alive hash: <process> -> expiry (Redis ms); holdings of expired processes are freed
 * ARGV: process id, lease ttl ms, patch JSON, domains JSON ({domain: [inFlight, want]}), idle ttl ms.
 * The patch merges a process's AIMD changes: init/setnx fill a new state, set overwrites, max/min
 * keep the extreme, add increments counters, cas changes a limit only when it still has the value
 * the process saw (so N processes reacting to one 429 storm cut the limit once, not N times).
 * Each domain's allotment is water-filled: when the wants exceed the limit every process gets at
 * most ceil(remaining / wanting), and never more than the limit minus what the others hold.
 * A limit lowered (or a cooldown set) is published on `<state key>:changed` so the other processes
 * shrink their allotments at once rather than at their next sync.
 * Returns [state hash as a flat list, {domain: allowed slots} JSON].
 */
export const ADMISSION_SYNC_SCRIPT = `
local stateKey, heldKey, wantKey, aliveKey = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local pid = ARGV[1]
local ttl = tonumber(ARGV[2])
local patch = cjson.decode(ARGV[3])
local domains = cjson.decode(ARGV[4])
local keepMs = tonumber(ARGV[5])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)

if patch.init then
  if redis.call('EXISTS', stateKey) == 0 then
    for k, v in pairs(patch.init) do redis.call('HSET', stateKey, k, v) end
  else
    local cap = tonumber(redis.call('HGET', stateKey, 'staticCap') or '')
    if cap == nil or tonumber(patch.init.staticCap) < cap then redis.call('HSET', stateKey, 'staticCap', patch.init.staticCap) end
  end
end
if patch.setnx then for k, v in pairs(patch.setnx) do redis.call('HSETNX', stateKey, k, v) end end
if patch.set then for k, v in pairs(patch.set) do redis.call('HSET', stateKey, k, v) end end
if patch.max then
  for k, v in pairs(patch.max) do
    local cur = tonumber(redis.call('HGET', stateKey, k) or '')
    if cur == nil or tonumber(v) > cur then redis.call('HSET', stateKey, k, v) end
  end
end
if patch.min then
  for k, v in pairs(patch.min) do
    local cur = tonumber(redis.call('HGET', stateKey, k) or '')
    if cur == nil or tonumber(v) < cur then redis.call('HSET', stateKey, k, v) end
  end
end
if patch.add then
  for k, v in pairs(patch.add) do
    local cur = tonumber(redis.call('HGET', stateKey, k) or '0') or 0
    redis.call('HSET', stateKey, k, tostring(math.max(0, cur + tonumber(v))))
  end
end
local lowered = false
if patch.cas then
  for k, pair in pairs(patch.cas) do
    if redis.call('HGET', stateKey, k) == pair[1] then
      redis.call('HSET', stateKey, k, pair[2])
      if tonumber(pair[2]) < tonumber(pair[1]) then lowered = true end
    end
  end
end
local cap = tonumber(redis.call('HGET', stateKey, 'staticCap') or '')

redis.call('HSET', aliveKey, pid, tostring(now + ttl))
local alive = redis.call('HGETALL', aliveKey)
local dead = {}
for i = 1, #alive, 2 do
  if tonumber(alive[i + 1]) < now then dead[alive[i]] = true; redis.call('HDEL', aliveKey, alive[i]) end
end

local held = redis.call('HGETALL', heldKey)
local wants = redis.call('HGETALL', wantKey)
local function owner(field) return string.match(field, '^(.*)|[^|]*$') end
local function domainOf(field) return string.match(field, '|([^|]*)$') end
for i = 1, #held, 2 do if dead[owner(held[i])] then redis.call('HDEL', heldKey, held[i]) end end
for i = 1, #wants, 2 do if dead[owner(wants[i])] then redis.call('HDEL', wantKey, wants[i]) end end

local allowed = {}
for domain, d in pairs(domains) do
  local field = pid .. '|' .. domain
  local inFlight, want = tonumber(d[1]), tonumber(d[2])
  local limit = tonumber(redis.call('HGET', stateKey, 'limit:' .. domain) or '') or cap or 0
  if cap ~= nil and limit > cap then limit = cap end
  local others = 0
  for i = 1, #held, 2 do
    if held[i] ~= field and not dead[owner(held[i])] and domainOf(held[i]) == domain then others = others + tonumber(held[i + 1]) end
  end
  local list = { want }
  local total = want
  for i = 1, #wants, 2 do
    if wants[i] ~= field and not dead[owner(wants[i])] and domainOf(wants[i]) == domain then
      local w = tonumber(wants[i + 1])
      table.insert(list, w)
      total = total + w
    end
  end
  local target = want
  if total > limit then
    table.sort(list)
    local remaining, n = limit, #list
    for _, w in ipairs(list) do
      local share = math.ceil(remaining / n)
      if w >= share then break end
      remaining = remaining - w
      n = n - 1
    end
    if n > 0 then target = math.min(want, math.ceil(remaining / n)) end
  end
  local allow = math.max(0, math.min(target, limit - others))
  local mine = math.max(inFlight, allow)
  if mine > 0 then redis.call('HSET', heldKey, field, tostring(mine)) else redis.call('HDEL', heldKey, field) end
  if want > 0 then redis.call('HSET', wantKey, field, tostring(want)) else redis.call('HDEL', wantKey, field) end
  local peak = tonumber(redis.call('HGET', stateKey, 'peak:' .. domain) or '0') or 0
  if others + mine > peak then redis.call('HSET', stateKey, 'peak:' .. domain, tostring(others + mine)) end
  allowed[domain] = allow
end

for _, key in ipairs(KEYS) do redis.call('PEXPIRE', key, keepMs) end
-- A lowered limit is announced so the other processes resync at once instead of at their next period.
if lowered or (patch.max and patch.max.blockedUntil) then redis.call('PUBLISH', stateKey .. ':changed', pid) end
return { redis.call('HGETALL', stateKey), cjson.encode(allowed) }
`;
