-- A request mix (the directory's bench/mix.lua, or the one PACED_MIX names) sent on a fixed
-- schedule: the threads together send RATE requests per second, whatever the answers' latency, so
-- that the latency measured is the one a client sees at that load rather than the queue of a
-- saturated server.
-- Usage: [PACED_MIX=bench/services.lua] wrk -t THREADS -s bench/paced.lua URL -- api|html RATE THREADS
dofile(os.getenv("PACED_MIX") or "bench/mix.lua")

local interval_ms = nil
local next_ms = nil
local ffi = require("ffi")
ffi.cdef[[
  typedef struct { long tv_sec; long tv_usec; } paced_timeval;
  int gettimeofday(paced_timeval *tv, void *tz);
]]
local tv = ffi.new("paced_timeval")
local function now_ms()
  ffi.C.gettimeofday(tv, nil)
  return tonumber(tv.tv_sec) * 1000 + tonumber(tv.tv_usec) / 1000
end

local mix_init = init
function init(args)
  mix_init(args)
  interval_ms = 1000 * tonumber(args[3]) / tonumber(args[2])
end

function delay()
  local now = now_ms()
  next_ms = next_ms and (next_ms + interval_ms) or now
  -- A schedule that fell behind (every connection busy) is not made up later in a burst.
  if next_ms < now - 1000 then next_ms = now end
  local wait = next_ms - now
  if wait < 0 then return 0 end
  return wait
end
