-- The offers' search around a commune with a ROME job, for wrk: GET /api/v1/offers with near,
-- radius_km and rome, communes large and small over France and jobs of every domain, changing from
-- one request to the next. Usage: wrk -s bench/offers.lua URL [api|html]
local communes = {"59350", "75056", "69123", "13055", "31555", "33063", "44109", "67482", "35238", "62041", "80021", "21231",
                  "59512", "62498", "02408", "29019", "63113", "15014", "87085", "64445", "2A004", "76540", "57463", "34172"}
local jobs = {"K2204", "N1103", "A1203", "G1602", "F1703", "H2206", "D1106", "N4105", "K1302", "I1604", "J1501", "M1607", "N1101", "H2913"}
local radii = {"10", "30", "50"}
local counter = 0
local path = "/api/v1/offers"

function init(args)
  if args[1] == "html" then path = "/offres" end
end

function request()
  counter = counter + 1
  local commune = communes[(counter % #communes) + 1]
  local job = jobs[(math.floor(counter / #communes) % #jobs) + 1]
  local radius = radii[(math.floor(counter / 7) % #radii) + 1]
  return wrk.format("GET", path .. "?near=" .. commune .. "&radius_km=" .. radius .. "&rome=" .. job)
end

dofile("bench/report.lua")
