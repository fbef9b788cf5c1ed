-- The cluster's one pairing queue, run atomically inside Redis (see cluster/RedisStrangers and docs/CLUSTER.md).
-- ARGV[1] is the operation: enqueue, retry or withdraw; ARGV[2] the waiter's key (node:connection); the rest
-- depends on the operation. A waiter is the hash chat:pair:w:<key>; it is listed, by its place in the one global
-- arrival order (chat:pair:seq), in chat:pair:<size>:open when it may meet anyone, and in chat:pair:<size>:i:<word>
-- for each interest. Matching follows chat/PairingQueue: the newcomer meets the longest-waiting people it may meet,
-- looking at no more than a scan limit of them; nothing keeps two apart that would keep them apart on one node.
local P = 'chat:pair:'
local op, key = ARGV[1], ARGV[2]

local function rec(k)
  local flat = redis.call('HGETALL', P .. 'w:' .. k)
  if #flat == 0 then return nil end
  local r = { key = k }
  for i = 1, #flat, 2 do r[flat[i]] = flat[i + 1] end
  return r
end

local function words(list)
  return string.gmatch(list, '[^\n]+')
end

local function unlist(r)
  redis.call('ZREM', P .. r.size .. ':open', r.key)
  for w in words(r.interests) do redis.call('ZREM', P .. r.size .. ':i:' .. w, r.key) end
end

local function forget(r)
  unlist(r)
  redis.call('DEL', P .. 'w:' .. r.key)
end

local function list(r)
  if r.open == '1' then redis.call('ZADD', P .. r.size .. ':open', r.seq, r.key) end
  for w in words(r.interests) do redis.call('ZADD', P .. r.size .. ':i:' .. w, r.seq, r.key) end
end

-- lists are written ",a,b," so that one plain find tells membership
local function has(items, item)
  return item ~= '' and string.find(items, ',' .. item .. ',', 1, true) ~= nil
end

local function shares(a, b)
  local theirs = '\n' .. b.interests .. '\n'
  for w in words(a.interests) do
    if string.find(theirs, '\n' .. w .. '\n', 1, true) then return true end
  end
  return false
end

local function skipKey(a, b)
  if a < b then return P .. 'skip:' .. a .. '|' .. b end
  return P .. 'skip:' .. b .. '|' .. a
end

local function apart(a, b)
  return has(a.ba, b.account) or has(b.ba, a.account) or has(a.bn, b.name) or has(b.bn, a.name)
      or has(a.av, b.account) or has(b.av, a.account) or has(a.bc, b.key) or has(b.bc, a.key)
      or redis.call('EXISTS', skipKey(a.key, b.key)) == 1
end

-- Two with one handle are never put together: handles are unique per node only, and a chat must tell its members
-- apart (and nobody should meet a stranger shown under its own name).
local function mayMeet(a, b)
  return ((a.open == '1' and b.open == '1') or shares(a, b)) and a.handle ~= b.handle and not apart(a, b)
end

local function alive(node, now)
  local until_ = redis.call('ZSCORE', 'chat:nodes', node)
  return until_ and tonumber(until_) >= now
end

-- The longest-waiting people the seed may meet who may meet each other too; nil when there are not enough.
local function groupAround(seed, now, limit)
  local size = tonumber(seed.size)
  local score, order = {}, {}
  local function source(zset)
    local flat = redis.call('ZRANGE', zset, 0, limit - 1, 'WITHSCORES')
    for i = 1, #flat, 2 do
      if score[flat[i]] == nil then
        score[flat[i]] = tonumber(flat[i + 1])
        order[#order + 1] = flat[i]
      end
    end
  end
  if seed.open == '1' then source(P .. seed.size .. ':open') end
  for w in words(seed.interests) do source(P .. seed.size .. ':i:' .. w) end
  table.sort(order, function(x, y) return score[x] < score[y] end)
  local group = {}
  for i = 1, math.min(#order, limit) do
    local k = order[i]
    if k ~= seed.key then
      local c = rec(k)
      if c == nil then
        redis.call('ZREM', P .. seed.size .. ':open', k) -- a listing left behind
        for w in words(seed.interests) do redis.call('ZREM', P .. seed.size .. ':i:' .. w, k) end
      elseif not alive(c.node, now) then
        forget(c) -- its node died: it waits no more
      elseif mayMeet(c, seed) then
        local fits = true
        for _, m in ipairs(group) do
          if not mayMeet(c, m) then fits = false break end
        end
        if fits then
          group[#group + 1] = c
          if #group == size - 1 then break end
        end
      end
    end
  end
  if #group < size - 1 then return nil end
  group[#group + 1] = seed
  return group
end

-- Takes the group out of the queue and answers with what each node needs to start the chat, in group order.
local function matched(group)
  local out = {}
  for _, m in ipairs(group) do
    forget(m)
    out[#out + 1] = { m.key, m.wait, m.handle, m.account, m.display, m.interests }
  end
  return out
end

if op == 'update' then -- ARGV[3]: the wait it is about; then field, value, ...: what keeps the waiter apart now
  local r = rec(key)
  if r and r.wait == ARGV[3] then
    local fields = {}
    for i = 4, #ARGV do fields[#fields + 1] = ARGV[i] end
    redis.call('HSET', P .. 'w:' .. key, unpack(fields))
    return 1
  end
  return 0
end

if op == 'withdraw' then
  local r = rec(key)
  if r and r.wait == ARGV[3] then
    forget(r)
    return 1
  end
  return 0
end

local now, ttl, limit = tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
if op == 'enqueue' then
  local fields, wait = {}, nil
  for i = 6, #ARGV do
    fields[#fields + 1] = ARGV[i]
    if ARGV[i - 1] == 'wait' and i % 2 == 1 then wait = ARGV[i] end
  end
  local old, seq = rec(key), nil
  if old then
    forget(old)
    if old.wait == wait then seq = old.seq end -- the same wait asked again: it keeps its place
  end
  redis.call('HSET', P .. 'w:' .. key, 'seq', seq or redis.call('INCR', P .. 'seq'), unpack(fields))
  local r = rec(key)
  redis.call('ZADD', 'chat:nodes', now + ttl, r.node) -- a node that queues someone is alive
  local group = groupAround(r, now, limit)
  if group then return matched(group) end
  list(r)
  return {}
end

if op == 'retry' then -- ARGV[6]: the wait it is about; ARGV[7]: '1' when the waiter now meets anyone
  local r = rec(key)
  if r == nil or r.wait ~= ARGV[6] then return {} end
  if ARGV[7] == '1' and r.open ~= '1' then
    r.open = '1'
    redis.call('HSET', P .. 'w:' .. key, 'open', '1')
    redis.call('ZADD', P .. r.size .. ':open', r.seq, key)
  end
  local group = groupAround(r, now, limit)
  if group then return matched(group) end
  return {}
end

return redis.error_reply('unknown operation ' .. tostring(op))
