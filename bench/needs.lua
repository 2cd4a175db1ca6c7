-- The matching preview of purchasing needs, for wrk: POST /api/v1/needs/match-preview with needs
-- that change from one request to the next (sectors, places, perimeters, clauses).
-- Usage: wrk -s bench/needs.lua URL
local sectors = {"nettoyage-de-locaux-16", "creation-et-entretien-des-espaces-verts", "logistique-conditionnement", "travaux-de-chantiers-74"}
local communes = {"59350", "75056", "69123", "13055", "31555", "33063", "44109", "67482", "35238", "62041", "80021", "21231"}
local departements = {"59", "62", "75", "69", "13", "33", "44", "31", "67", "80"}
local clauses = {'[]', '[{"kind": "reserved_siae"}]', '[{"kind": "reserved_stpa"}]', '[{"kind": "insertion_hours"}, {"kind": "environmental"}]'}
local counter = 0

local function pick(list, n) return list[(n % #list) + 1] end

function request()
  counter = counter + 1
  local n = math.floor(counter / 3)
  local where
  if counter % 3 == 0 then
    where = '"place": "' .. pick(communes, n) .. '"'
  elseif counter % 3 == 1 then
    where = '"place": "' .. pick(communes, n + 5) .. '", "radius_km": 30, "national_suppliers": true'
  else
    where = '"perimeters": ["departement:' .. pick(departements, n) .. '"]'
  end
  local body = '{"sectors": ["' .. pick(sectors, n) .. '"], ' .. where .. ', "clauses": ' .. pick(clauses, n + 1) .. ', "amount": "40k-100k"}'
  return wrk.format("POST", "/api/v1/needs/match-preview", {["Content-Type"] = "application/json"}, body)
end

-- The same report as the search mix.
dofile("bench/report.lua")
