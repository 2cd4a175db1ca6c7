-- A referent at work, for wrk: their structure's people with filters, a search by name, and the
-- structure's dashboard, for 200 structures in turn. Reads bench/data/journeys-access.txt (API:
-- token;structure;referent;email) or bench/data/journeys-cookies.txt (pages: cookie;structure;referent).
-- Usage: wrk -s bench/journeys.lua URL -- api|html
local mode = "api"
local access = {}
local counter = 0
local words = {"exemple", "demo", "essai", "ines", "lucas", "banc", "mesure", "lina"}

function init(args)
  mode = args[1] or "api"
  local file = mode == "html" and "bench/data/journeys-cookies.txt" or "bench/data/journeys-access.txt"
  for line in io.lines(file) do
    local credential, structure, referent = line:match("^([^;]+);([^;]+);([^;]+)")
    if credential then access[#access + 1] = {credential = credential, structure = structure, referent = referent} end
  end
  -- Each thread starts elsewhere in the list.
  counter = math.random(1, #access) * 3
end

function request()
  counter = counter + 1
  local who = access[(math.floor(counter / 3) % #access) + 1]
  local headers = {}
  if mode == "html" then headers["Cookie"] = who.credential else headers["Authorization"] = "Bearer " .. who.credential end
  local step = counter % 3
  local path
  if mode == "html" then
    if step == 0 then path = "/parcours/personnes?structure=" .. who.structure .. "&referent=" .. who.referent .. "&etape=en-parcours"
    elseif step == 1 then path = "/parcours/personnes?structure=" .. who.structure .. "&q=" .. words[(counter % #words) + 1]
    else path = "/parcours/tableau-de-bord?structure=" .. who.structure end
  else
    if step == 0 then path = "/api/v1/people?structure=" .. who.structure .. "&referent=" .. who.referent .. "&stage=en-parcours"
    elseif step == 1 then path = "/api/v1/people?structure=" .. who.structure .. "&q=" .. words[(counter % #words) + 1]
    else path = "/api/v1/structures/" .. who.structure .. "/journey-stats" end
  end
  return wrk.format("GET", path, headers)
end

dofile("bench/report.lua")
