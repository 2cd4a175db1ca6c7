-- The search of partner services around a commune, for wrk: GET /api/v1/services with one
-- category, communes large and small over France, changing from one request to the next.
-- Usage: wrk -s bench/services.lua URL [api|html]
local communes = {"59350", "75056", "69123", "13055", "31555", "33063", "44109", "67482", "35238", "62041", "80021", "21231",
                  "59512", "62498", "02408", "29019", "63113", "15014", "87085", "64445", "2A004", "76540", "57463", "34172"}
local categories = {"lecture-ecriture-calcul", "mobilite", "sante", "logement-hebergement", "numerique", "famille", "trouver-un-emploi", "se-former"}
local counter = 0
local path = "/api/v1/services"

function init(args)
  if args[1] == "html" then path = "/services" end
end

function request()
  counter = counter + 1
  local commune = communes[(counter % #communes) + 1]
  local category = categories[(math.floor(counter / #communes) % #categories) + 1]
  return wrk.format("GET", path .. "?commune=" .. commune .. "&thematique=" .. category)
end

dofile("bench/report.lua")
