#!/usr/bin/env bash
# Measures the performance targets of bench/README.md on this machine, with a release build.
# Usage: bench/run.sh [sqlite|postgres|logins|needs|publish|services|journeys|offers|all]   (PostgreSQL needs BENCH_DATABASE_URL)
# Writes the raw figures to bench/results/<date>-<host>.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
which=${1:-all}
command -v wrk >/dev/null || { apt-get install -y -qq wrk >/dev/null; }
# SWIFT_SCRATCH_PATH: a build folder kept outside the clone, as .ci/run takes it.
SCRATCH=(${SWIFT_SCRATCH_PATH:+--scratch-path "$SWIFT_SCRATCH_PATH"})
swift build -c release --product passerelle "${SCRATCH[@]}" >/dev/null
BIN=$(swift build -c release --show-bin-path "${SCRATCH[@]}")/passerelle
DATA=bench/data
mkdir -p "$DATA" bench/results
OUT=bench/results/$(date +%Y-%m-%d)-$(hostname -s).txt
COUNT=${BENCH_STRUCTURES:-50000}
PORT=8901
log() { echo "$*" | tee -a "$OUT"; }
rss_kb() { awk '/VmRSS/ {print $2}' "/proc/$1/status"; }

{
  echo "# $(date -Iseconds) on $(hostname -s): $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
  echo "# swift: $(swift --version 2>/dev/null | head -1)"
} | tee -a "$OUT"

start_server() { # start_server ENV… ; sets SERVER and STARTUP (seconds until /readyz answers 200)
  local begin=$(date +%s.%N)
  env "$@" APP_ENV=production LOG_LEVEL=warning "$BIN" serve --port $PORT >/dev/null 2>&1 &
  SERVER=$!
  until curl -fs "http://127.0.0.1:$PORT/readyz" >/dev/null 2>&1; do sleep 0.05; done
  STARTUP=$(echo "$(date +%s.%N) - $begin" | bc)
}

measure_mix() { # measure_mix LABEL api|html CONNECTIONS SECONDS
  log "## $1 ($3 connections, $4 s)"
  wrk -t2 -c"$3" -d"$4"s --timeout 10s -s bench/mix.lua "http://127.0.0.1:$PORT" -- "$2" | grep -E "^(requests|latency)" | tee -a "$OUT"
}

measure_paced() { # measure_paced LABEL api|html RATE SECONDS: 32 connections sending RATE requests/s
  log "## $1 (32 connections, $3 requests/s offered, $4 s)"
  wrk -t2 -c32 -d"$4"s --timeout 10s -s bench/paced.lua "http://127.0.0.1:$PORT" -- "$2" "$3" 2 | grep -E "^(requests|latency)" | tee -a "$OUT"
}

measure_with_logins() { # measure_with_logins LABEL LOGIN_CONNECTIONS LOGIN_RATE: searches at 450/s while log-ins run
  log "## $1: API search mix at 450 requests/s (32 connections) while $2 connections offer $3 log-ins/s"
  wrk -t1 -c"$2" -d34s --timeout 10s -s bench/paced.lua "http://127.0.0.1:$PORT" -- login "$3" 1 >"$DATA/logins.out" &
  local logins=$!
  sleep 2
  wrk -t2 -c32 -d30s --timeout 10s -s bench/paced.lua "http://127.0.0.1:$PORT" -- api 450 2 | grep -E "^(requests|latency)" | sed 's/^/search /' | tee -a "$OUT"
  wait $logins
  grep -E "^(requests|latency)" "$DATA/logins.out" | sed 's/^/login /' | tee -a "$OUT"
}

run_sqlite() {
  local db=$DATA/bench.sqlite
  if [ ! -f "$db" ]; then
    log "## seed $COUNT structures (SQLite)"
    /usr/bin/time -f "seed_seconds=%e max_rss_kb=%M" env SQLITE_PATH=$db LOG_LEVEL=warning "$BIN" bench seed --structures "$COUNT" 2>&1 | tail -1 | tee -a "$OUT"
  fi
  SQLITE_PATH=$db LOG_LEVEL=warning "$BIN" bench account >/dev/null
  log "## CSV import of $COUNT structures into an empty database"
  SQLITE_PATH=$db LOG_LEVEL=warning "$BIN" export structures --format csv --output "$DATA/structures.csv" >/dev/null
  rm -f "$DATA/import.sqlite"*
  SQLITE_PATH=$DATA/import.sqlite LOG_LEVEL=warning "$BIN" migrate >/dev/null
  /usr/bin/time -f "import_seconds=%e max_rss_kb=%M" env SQLITE_PATH=$DATA/import.sqlite LOG_LEVEL=warning "$BIN" import structures "$DATA/structures.csv" 2>&1 | tail -2 | tee -a "$OUT"

  log "## start-up with data loaded (SQLite)"
  start_server SQLITE_PATH=$db
  log "startup_seconds=$STARTUP"
  curl -fs "http://127.0.0.1:$PORT/api/v1/structures?q=nettoyage" >/dev/null
  measure_mix "warm-up" api 32 5 >/dev/null
  log "rss_kb_after_warmup=$(rss_kb $SERVER)"
  measure_paced "API search mix at the target rate, SQLite" api 500 30
  measure_paced "HTML search page mix at half the target rate, SQLite" html 250 30
  measure_mix "API search mix, saturated, SQLite" api 32 30
  measure_mix "HTML search page mix, saturated, SQLite" html 32 30
  log "rss_kb_after_mix=$(rss_kb $SERVER)"
  measure_with_logins "10 % log-ins, SQLite" 4 50
  measure_with_logins "log-in flood, SQLite" 64 2000
  measure_needs "matching preview, one client at a time, SQLite" 1 20
  measure_needs "matching preview, 8 connections, SQLite" 8 30
  local before=$(rss_kb $SERVER)
  measure_mix "API search mix, 256 connections, SQLite" api 256 60
  log "rss_kb_during_256=$(rss_kb $SERVER)"
  sleep 10
  log "rss_kb_before_256=$before rss_kb_10s_after_256=$(rss_kb $SERVER)"
  kill $SERVER; wait $SERVER 2>/dev/null || true
}

run_postgres() {
  [ -n "${BENCH_DATABASE_URL:-}" ] || { echo "BENCH_DATABASE_URL is not set: PostgreSQL skipped"; return; }
  log "## seed $COUNT structures (PostgreSQL)"
  /usr/bin/time -f "seed_seconds=%e" env DATABASE_URL=$BENCH_DATABASE_URL LOG_LEVEL=warning "$BIN" bench seed --structures "$COUNT" 2>&1 | tail -1 | tee -a "$OUT"
  DATABASE_URL=$BENCH_DATABASE_URL LOG_LEVEL=warning "$BIN" bench account >/dev/null
  log "## start-up with data loaded (PostgreSQL)"
  start_server DATABASE_URL=$BENCH_DATABASE_URL
  log "startup_seconds=$STARTUP"
  measure_mix "warm-up" api 32 5 >/dev/null
  measure_paced "API search mix at the target rate, PostgreSQL" api 500 30
  measure_paced "HTML search page mix at half the target rate, PostgreSQL" html 250 30
  measure_mix "API search mix, saturated, PostgreSQL" api 32 30
  measure_mix "HTML search page mix, saturated, PostgreSQL" html 32 30
  log "rss_kb_after_mix=$(rss_kb $SERVER)"
  measure_with_logins "10 % log-ins, PostgreSQL" 4 50
  kill $SERVER; wait $SERVER 2>/dev/null || true
}

measure_needs() { # measure_needs LABEL CONNECTIONS SECONDS: the matching preview of needs, saturated
  log "## $1 ($2 connections, $3 s)"
  wrk -t"$(( $2 < 2 ? 1 : 2 ))" -c"$2" -d"$3"s --timeout 10s -s bench/needs.lua "http://127.0.0.1:$PORT" | grep -E "^(requests|latency)" | tee -a "$OUT"
}

# The need published in the publication scenario: cleaning and green spaces in Hauts-de-France and
# Île-de-France, national suppliers welcome — 5,100 structures of the generated set.
PUBLISHED_NEED='{"kind": "appel-d-offres", "title": "Mesure : publication d’un besoin", "description": "Besoin publié par le banc de mesure pour remplir les boîtes de réception.", "sectors": ["nettoyage-de-locaux-16", "creation-et-entretien-des-espaces-verts"], "perimeters": ["region:32", "region:11"], "national_suppliers": true, "amount": "221k-1m", "deadline": "2099-12-31", "contact": {"name": "Banc de mesure"}, "answer": {"channel": "email", "address": "banc@bench.passerelle.test"}, "submit": true}'

run_publish() { # publishing a need that matches some 5,000 structures, while the search mix runs
  local db=$DATA/bench.sqlite
  [ -f "$db" ] || { echo "bench/data/bench.sqlite is missing: run bench/run.sh sqlite first"; exit 1; }
  SQLITE_PATH=$db LOG_LEVEL=warning "$BIN" bench account >/dev/null
  # Each run starts from no need, no digest sent today.
  sqlite3 "$db" "DELETE FROM need_answers; DELETE FROM need_deliveries; DELETE FROM opportunity_digests; DELETE FROM need_events; DELETE FROM needs; DELETE FROM outbox;"
  start_server SQLITE_PATH=$db
  local token body matched id begin seconds
  token=$(curl -fs -X POST -H 'Content-Type: application/json' \
    -d '{"email": "banc@bench.passerelle.test", "password": "banc-d-essai-passerelle", "name": "bench"}' \
    "http://127.0.0.1:$PORT/api/v1/auth/token" | python3 -c 'import json, sys; print(json.load(sys.stdin)["token"])')
  body=$PUBLISHED_NEED
  matched=$(curl -fs -X POST -H 'Content-Type: application/json' -d "$body" "http://127.0.0.1:$PORT/api/v1/needs/match-preview" \
    | python3 -c 'import json, sys; print(json.load(sys.stdin)["total"])')
  measure_mix "warm-up" api 32 5 >/dev/null
  measure_paced "API search mix at 450 requests/s, SQLite, nothing being published" api 450 20
  log "## API search mix at 450 requests/s while a need matching $matched structures is published"
  wrk -t2 -c32 -d20s --timeout 10s -s bench/paced.lua "http://127.0.0.1:$PORT" -- api 450 2 >"$DATA/publish.out" &
  local searches=$!
  # From here the harness (client, polling, arithmetic) runs in the idle scheduling class, as the
  # jobs do: its own processes would otherwise take cores from the searches being measured.
  chrt --idle -p 0 $$ >/dev/null
  sleep 5
  begin=$(date +%s.%N)
  id=$(curl -fs -X POST -H 'Content-Type: application/json' -H "Authorization: Bearer $token" -d "$body" "http://127.0.0.1:$PORT/api/v1/needs" \
    | python3 -c 'import json, sys; print(json.load(sys.stdin)["id"].upper())')
  # Done when the need is marked sent and every structure with a team has its digest in the outbox.
  until [ "$(sqlite3 -cmd ".timeout 2000" "$db" "SELECT (SELECT COUNT(*) FROM needs WHERE id = '$id' AND disseminated_at IS NOT NULL)
      + (SELECT COUNT(*) FROM need_deliveries d JOIN organisations o ON o.structure_id = d.structure_id WHERE d.need_id = '$id' AND d.mailed_at IS NULL)")" = 1 ]; do
    sleep 0.2
  done
  seconds=$(echo "$(date +%s.%N) - $begin" | bc)
  chrt --other -p 0 $$ >/dev/null
  wait $searches
  grep -E "^(requests|latency)" "$DATA/publish.out" | tee -a "$OUT"
  log "publish_to_inboxes_and_outbox_seconds=$seconds deliveries=$(sqlite3 "$db" "SELECT COUNT(*) FROM need_deliveries WHERE need_id = '$id'") digests=$(sqlite3 "$db" "SELECT COUNT(*) FROM opportunity_digests") outbox_messages=$(sqlite3 "$db" "SELECT COUNT(*) FROM outbox")"
  kill $SERVER; wait $SERVER 2>/dev/null || true
}

run_needs() { # the purchasing scenarios alone, on the SQLite set
  local db=$DATA/bench.sqlite
  [ -f "$db" ] || { echo "bench/data/bench.sqlite is missing: run bench/run.sh sqlite first"; exit 1; }
  start_server SQLITE_PATH=$db
  measure_needs "warm-up" 2 5 >/dev/null
  measure_needs "matching preview, one client at a time, SQLite" 1 20
  measure_needs "matching preview, 8 connections, SQLite" 8 30
  kill $SERVER; wait $SERVER 2>/dev/null || true
}

run_logins() { # the log-in scenarios alone, on the SQLite set, with a baseline without log-ins
  local db=$DATA/bench.sqlite
  [ -f "$db" ] || { echo "bench/data/bench.sqlite is missing: run bench/run.sh sqlite first"; exit 1; }
  SQLITE_PATH=$db LOG_LEVEL=warning "$BIN" bench account >/dev/null
  start_server SQLITE_PATH=$db
  measure_mix "warm-up" api 32 5 >/dev/null
  log "## baseline: API search mix at 450 requests/s (32 connections), no log-ins"
  wrk -t2 -c32 -d30s --timeout 10s -s bench/paced.lua "http://127.0.0.1:$PORT" -- api 450 2 | grep -E "^(requests|latency)" | sed 's/^/search /' | tee -a "$OUT"
  measure_with_logins "10 % log-ins, SQLite" 4 50
  measure_with_logins "log-in flood, SQLite" 64 2000
  kill $SERVER; wait $SERVER 2>/dev/null || true
}

run_services() { # the search of partner services around a commune, on 100,000 services France-wide
  local db=$DATA/services.sqlite
  local count=${BENCH_SERVICES:-100000}
  if [ ! -f "$db" ]; then
    log "## seed $count services (SQLite)"
    /usr/bin/time -f "seed_seconds=%e max_rss_kb=%M" env SQLITE_PATH=$db LOG_LEVEL=warning "$BIN" bench services --services "$count" 2>&1 | tail -1 | tee -a "$OUT"
  fi
  start_server SQLITE_PATH=$db
  log "startup_seconds=$STARTUP"
  # The first search builds the index in memory.
  local begin=$(date +%s.%N)
  curl -fs "http://127.0.0.1:$PORT/api/v1/services?commune=59350&thematique=mobilite" >/dev/null
  log "first_search_seconds=$(echo "$(date +%s.%N) - $begin" | bc)"
  wrk -t2 -c32 -d5s --timeout 10s -s bench/services.lua "http://127.0.0.1:$PORT" >/dev/null
  log "rss_kb_after_warmup=$(rss_kb $SERVER)"
  log "## services around a commune, one category, 32 connections, 500 requests/s offered (30 s)"
  PACED_MIX=bench/services.lua wrk -t2 -c32 -d30s --timeout 10s -s bench/paced.lua "http://127.0.0.1:$PORT" -- api 500 2 | grep -E "^(requests|latency)" | tee -a "$OUT"
  log "## services around a commune, one category, 32 connections, saturated (30 s)"
  wrk -t2 -c32 -d30s --timeout 10s -s bench/services.lua "http://127.0.0.1:$PORT" -- api | grep -E "^(requests|latency)" | tee -a "$OUT"
  log "## the same, HTML page, 32 connections, saturated (30 s)"
  wrk -t2 -c32 -d30s --timeout 10s -s bench/services.lua "http://127.0.0.1:$PORT" -- html | grep -E "^(requests|latency)" | tee -a "$OUT"
  log "rss_kb_after_mix=$(rss_kb $SERVER)"
  kill $SERVER; wait $SERVER 2>/dev/null || true
}

login_cookie() { # login_cookie EMAIL PASSWORD: the session cookie of a log-in through the page, as a browser does it
  local headers page csrf cookie
  headers=$(mktemp)
  page=$(curl -fs -D "$headers" "http://127.0.0.1:$PORT/connexion")
  csrf=$(echo "$page" | grep -o 'name="_csrf" value="[^"]*"' | head -1 | sed 's/.*value="//; s/"$//')
  cookie=$(grep -i '^set-cookie:' "$headers" | sed 's/^[Ss]et-[Cc]ookie: //; s/;.*//' | tr -d '\r' | paste -sd ';' -)
  curl -fs -D "$headers" -o /dev/null -H "Cookie: $cookie" --data-urlencode "email=$1" --data-urlencode "password=$2" \
    --data-urlencode "_csrf=$csrf" "http://127.0.0.1:$PORT/connexion"
  grep -i '^set-cookie:' "$headers" | grep -i session | sed 's/^[Ss]et-[Cc]ookie: //; s/;.*//' | tr -d '\r' | head -1
  rm -f "$headers"
}

measure_journeys() { # measure_journeys LABEL api|html RATE|saturated SECONDS: 16 connections
  log "## $1 (16 connections, $3, $4 s)"
  if [ "$3" = saturated ]; then
    wrk -t2 -c16 -d"$4"s --timeout 10s -s bench/journeys.lua "http://127.0.0.1:$PORT" -- "$2" | grep -E "^(requests|latency)" | tee -a "$OUT"
  else
    PACED_MIX=bench/journeys.lua wrk -t2 -c16 -d"$4"s --timeout 10s -s bench/paced.lua "http://127.0.0.1:$PORT" -- "$2" "$3" 2 | grep -E "^(requests|latency)" | tee -a "$OUT"
  fi
}

run_journeys() { # a referent's people and the structure's dashboard, 200 structures × 300 people
  local db=$DATA/journeys.sqlite structures=${BENCH_JOURNEY_STRUCTURES:-200} people=${BENCH_PEOPLE:-300}
  if [ ! -f "$db" ]; then
    log "## seed $structures structures × $people people (SQLite)"
    /usr/bin/time -f "seed_seconds=%e max_rss_kb=%M" env SQLITE_PATH=$db LOG_LEVEL=warning "$BIN" bench journeys --structures "$structures" \
      --people "$people" --output "$DATA/journeys-access.txt" 2>&1 | tail -2 | tee -a "$OUT"
  fi
  log "people=$(sqlite3 "$db" 'SELECT COUNT(*) FROM people') timeline_events=$(sqlite3 "$db" 'SELECT COUNT(*) FROM journey_events') plan_items=$(sqlite3 "$db" 'SELECT (SELECT COUNT(*) FROM plan_barriers) + (SELECT COUNT(*) FROM plan_actions)')"
  start_server SQLITE_PATH=$db
  log "startup_seconds=$STARTUP"
  # The pages need a session: 32 referents log in through the page, as a browser would.
  : >"$DATA/journeys-cookies.txt"
  head -32 "$DATA/journeys-access.txt" | while IFS=';' read -r _ structure referent email; do
    echo "$(login_cookie "$email" banc-d-essai-parcours);$structure;$referent" >>"$DATA/journeys-cookies.txt"
  done
  measure_journeys "warm-up" api saturated 5 >/dev/null
  measure_journeys "people lists and dashboards, API, SQLite" api 200 30
  measure_journeys "people lists and dashboards, API, saturated, SQLite" api saturated 30
  measure_journeys "people lists and dashboards, pages, SQLite" html 100 30
  measure_journeys "people lists and dashboards, pages, saturated, SQLite" html saturated 30
  log "rss_kb_after_mix=$(rss_kb $SERVER)"
  kill $SERVER; wait $SERVER 2>/dev/null || true
}

run_offers() { # the offers' search around a commune with a ROME job on 200,000 offers, and matching against 60,000 profiles
  local db=$DATA/offers.sqlite
  local count=${BENCH_OFFERS:-200000} profiles=${BENCH_PROFILES:-60000}
  if [ ! -f "$db" ]; then
    log "## seed $count offers and $profiles skills profiles (SQLite)"
    /usr/bin/time -f "seed_seconds=%e max_rss_kb=%M" env SQLITE_PATH=$db LOG_LEVEL=warning "$BIN" bench offers --offers "$count" --profiles "$profiles" 2>&1 \
      | tail -2 | tee -a "$OUT"
  fi
  log "## matching one offer of the Nord against the profiles (50 offers, one after the other)"
  SQLITE_PATH=$db LOG_LEVEL=warning "$BIN" bench match 2>&1 | tail -1 | tee -a "$OUT"
  start_server SQLITE_PATH=$db
  log "startup_seconds=$STARTUP"
  wrk -t2 -c32 -d5s --timeout 10s -s bench/offers.lua "http://127.0.0.1:$PORT" >/dev/null
  log "rss_kb_after_warmup=$(rss_kb $SERVER)"
  for rate in 250 500; do
    log "## offers around a commune with a ROME job, 32 connections, $rate requests/s offered (30 s)"
    PACED_MIX=bench/offers.lua wrk -t2 -c32 -d30s --timeout 10s -s bench/paced.lua "http://127.0.0.1:$PORT" -- api $rate 2 | grep -E "^(requests|latency)" | tee -a "$OUT"
  done
  log "## offers around a commune with a ROME job, 32 connections, saturated (30 s)"
  wrk -t2 -c32 -d30s --timeout 10s -s bench/offers.lua "http://127.0.0.1:$PORT" -- api | grep -E "^(requests|latency)" | tee -a "$OUT"
  log "## the same, HTML page, 32 connections, saturated (30 s)"
  wrk -t2 -c32 -d30s --timeout 10s -s bench/offers.lua "http://127.0.0.1:$PORT" -- html | grep -E "^(requests|latency)" | tee -a "$OUT"
  log "rss_kb_after_mix=$(rss_kb $SERVER)"
  kill $SERVER; wait $SERVER 2>/dev/null || true
}

case $which in
  logins) run_logins ;;
  needs) run_needs ;;
  publish) run_publish ;;
  services) run_services ;;
  journeys) run_journeys ;;
  offers) run_offers ;;
  sqlite) run_sqlite ;;
  postgres) run_postgres ;;
  all) run_sqlite; run_publish; run_services; run_journeys; run_offers; run_postgres ;;
esac
echo "Results in $OUT"
