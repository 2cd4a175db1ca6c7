-- The directory's search mix, for wrk: text; sector + near 30 km; covers; département + kind.
-- Usage: wrk -s bench/mix.lua URL -- api|html|login
-- Each request picks the next query of the mix, with places and words that vary so that no two
-- consecutive requests are the same. `login` sends log-ins instead: POST /api/v1/auth/token with
-- the benchmark account (`passerelle bench account`), one Bcrypt check each.
local words = {"nettoyage", "espaces verts", "blanchisserie", "logistique", "ressourcerie", "menuiserie", "restauration", "numerisation"}
local sectors = {"nettoyage-de-locaux-16", "creation-et-entretien-des-espaces-verts", "logistique-conditionnement", "travaux-de-chantiers-74"}
local communes = {"59350", "75056", "69123", "13055", "31555", "33063", "44109", "67482", "35238", "62041", "80021", "21231"}
local departements = {"59", "62", "75", "69", "13", "33", "44", "31", "67", "80"}
local kinds = {"aci", "ei", "ea", "esat", "ai"}
local prefix = "/api/v1/structures?"
local counter = 0
local mode = "api"
local login_body = '{"email": "banc@bench.passerelle.test", "password": "banc-d-essai-passerelle", "name": "banc"}'

function init(args)
  mode = args[1] or "api"
  if mode == "html" then prefix = "/structures?" end
end

local function pick(list, n) return list[(n % #list) + 1] end

function request()
  if mode == "login" then
    return wrk.format("POST", "/api/v1/auth/token", {["Content-Type"] = "application/json"}, login_body)
  end
  counter = counter + 1
  local n = math.floor(counter / 4)
  local kind = counter % 4
  local query
  if kind == 0 then
    query = "q=" .. pick(words, n):gsub(" ", "+")
  elseif kind == 1 then
    query = "sector=" .. pick(sectors, n) .. "&near=" .. pick(communes, n + 3) .. "&radius_km=30"
  elseif kind == 2 then
    query = "covers=" .. pick(communes, n)
  else
    query = "departement=" .. pick(departements, n) .. "&kind=" .. pick(kinds, n + 1)
  end
  return wrk.format("GET", prefix .. query)
end

dofile("bench/report.lua")
