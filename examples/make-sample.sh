#!/usr/bin/env bash
# Build examples/attain.json, the bundled example data, from scratch with the
# attain CLI only (no hand-edited JSON).
#
# The story: a mid-market SaaS sales org with three regional teams (east,
# west, central) of four reps each under a sales-org team, seen on Friday
# 2026-11-27: 2026-Q3 is closed, 2026-Q4 is open (day 58 of 92). Deals are
# results of the reps; team and org goals count them through the teams.
#
#   examples/make-sample.sh                        # uses `cargo run --quiet --`
#   ATTAIN=target/debug/attain examples/make-sample.sh
#
# Every result carries an explicit --date and the whole run uses a fixed
# --as-of, so two runs produce the same file except for the goals' "created"
# timestamps (attain stamps those with the wall clock).
#
# Safe to rerun: the file is deleted first and rebuilt.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

FILE=examples/attain.json
AS_OF=2026-11-27

# $ATTAIN may be a path or a command with arguments ("cargo run --quiet --").
if [[ -n "${ATTAIN:-}" ]]; then
    read -r -a ATTAIN_CMD <<<"$ATTAIN"
else
    ATTAIN_CMD=(cargo run --quiet --)
fi

# (`command` so that ATTAIN=attain runs the program, not this function.)
attain() {
    command "${ATTAIN_CMD[@]}" --file "$FILE" --as-of "$AS_OF" --quiet --no-input --color never "$@" </dev/null
}

team_of() {
    case "$1" in
        maria-chen | james-okafor | priya-raman | tom-becker) echo east ;;
        sofia-alvarez | derek-nguyen | hannah-kim | luis-moreno) echo west ;;
        rachel-adams | omar-haddad | emily-carter | ben-kowalski) echo central ;;
        *) echo "make-sample.sh: unknown rep '$1'" >&2; return 1 ;;
    esac
}

# "maria-chen" -> "Maria Chen"
display_name() {
    local words=() out="" w
    IFS=- read -r -a words <<<"$1"
    for w in "${words[@]}"; do out+="${out:+ }${w^}"; done
    printf '%s\n' "$out"
}

# quarter_of 2026-08-14 -> q3
quarter_of() {
    case "${1:5:2}" in
        01 | 02 | 03) echo q1 ;; 04 | 05 | 06) echo q2 ;;
        07 | 08 | 09) echo q3 ;; *) echo q4 ;;
    esac
}

rm -f "$FILE" "$FILE.lock"
# Result ids are random; a seed makes two runs give the same ones.
export ATTAIN_SEED=2026
attain init --currency USD --fiscal-year-start 1 --at-risk 0.9

# --- People and teams ------------------------------------------------------------

for rep in ben-kowalski derek-nguyen emily-carter hannah-kim james-okafor luis-moreno \
    maria-chen omar-haddad priya-raman rachel-adams sofia-alvarez tom-becker; do
    attain person add "$rep" --name "$(display_name "$rep")"
done
attain team add central --name Central --member rachel-adams --member omar-haddad \
    --member emily-carter --member ben-kowalski --member tom-becker
attain team add east --name East --member maria-chen --member james-okafor --member priya-raman
attain team add west --name West --member sofia-alvarez --member derek-nguyen \
    --member hannah-kim --member luis-moreno
attain team add sales-org --name "Sales org" --member central --member east --member west
# Tom Becker moved from Central to East on 2026-10-01: his Q3 deals count for
# Central, his Q4 ones for East.
attain team edit central --remove tom-becker --from 2026-10-01
attain team edit east --add tom-becker --from 2026-10-01

# --- Goals -------------------------------------------------------------------

# rep_goal QUARTER REP TARGET [STRETCH]: a rep's quarterly revenue goal.
rep_goal() {
    local quarter=$1 rep=$2 target=$3 stretch=${4:-} team name
    team=$(team_of "$rep")
    name=$(display_name "$rep")
    local args=(goal add --period "2026-$quarter" --owner "$rep" --metric revenue
        --target "$target" --title "$name - $quarter 2026 revenue"
        --tag "$team" --tag rep)
    if [[ -n "$stretch" ]]; then args+=(--stretch "$stretch"); fi
    attain "${args[@]}"
}

# team_goal QUARTER TEAM METRIC TARGET TITLE
team_goal() {
    local name
    name=$(display_name "$2")
    attain goal add --period "2026-$1" --owner "$2" --metric "$3" --target "$4" \
        --title "$name - $1 2026 $5" --tag "$2" --tag team
}

#        quarter rep            target  stretch
rep_goal Q3      maria-chen     300k    375k
rep_goal Q3      james-okafor   260k
rep_goal Q3      priya-raman    240k
rep_goal Q3      tom-becker     220k
rep_goal Q3      sofia-alvarez  280k    350k
rep_goal Q3      derek-nguyen   250k
rep_goal Q3      hannah-kim     260k    325k
rep_goal Q3      luis-moreno    230k
rep_goal Q3      rachel-adams   275k    315k
rep_goal Q3      omar-haddad    250k
rep_goal Q3      emily-carter   230k
rep_goal Q3      ben-kowalski   240k

rep_goal Q4      maria-chen     320k    400k
rep_goal Q4      james-okafor   270k
rep_goal Q4      priya-raman    250k    300k
rep_goal Q4      tom-becker     230k
rep_goal Q4      sofia-alvarez  300k    375k
rep_goal Q4      derek-nguyen   260k
rep_goal Q4      hannah-kim     270k
rep_goal Q4      luis-moreno    240k
rep_goal Q4      rachel-adams   290k    360k
rep_goal Q4      omar-haddad    260k
rep_goal Q4      emily-carter   240k
rep_goal Q4      ben-kowalski   220k

for team in east west central; do
    team_goal Q3 "$team" csat 4.5 "customer satisfaction (avg pulse score)"
    team_goal Q4 "$team" csat 4.5 "customer satisfaction (avg pulse score)"
    team_goal Q3 "$team" churn 3 "logo churn, trailing 90 days"
done
team_goal Q4 east churn 2.5 "logo churn, trailing 90 days"
team_goal Q4 west churn 3 "logo churn, trailing 90 days"
team_goal Q4 central churn 3 "logo churn, trailing 90 days"

team_goal Q3 east new-customers 8 "new logos"
team_goal Q3 west new-customers 8 "new logos"
team_goal Q3 central new-customers 7 "new logos"
team_goal Q4 east new-customers 9 "new logos"
team_goal Q4 west new-customers 8 "new logos"
team_goal Q4 central new-customers 7 "new logos"

# One org-wide deal-count goal per quarter (fed by the monthly CRM report).
attain goal add --period 2026-Q3 --owner sales-org --metric deals-won --target 80 \
    --title "Sales org - Q3 2026 closed-won deals" --tag org
attain goal add --period 2026-Q4 --owner sales-org --metric deals-won --target 85 \
    --title "Sales org - Q4 2026 closed-won deals" --tag org

# Team revenue goals: the sum of their reps' quarter targets. They count the
# reps' deals through the team's members; no deal is recorded twice.
attain goal add --period 2026-Q3 --owner central --metric revenue --target 995000 \
    --title "Central - Q3 2026 team revenue" --tag central --tag team
attain goal add --period 2026-Q4 --owner central --metric revenue --target 1010000 \
    --title "Central - Q4 2026 team revenue" --tag central --tag team
attain goal add --period 2026-Q3 --owner east --metric revenue --target 1020000 \
    --title "East - Q3 2026 team revenue" --tag east --tag team
attain goal add --period 2026-Q4 --owner east --metric revenue --target 1070000 \
    --title "East - Q4 2026 team revenue" --tag east --tag team
attain goal add --period 2026-Q3 --owner west --metric revenue --target 1020000 \
    --title "West - Q3 2026 team revenue" --tag west --tag team
attain goal add --period 2026-Q4 --owner west --metric revenue --target 1070000 \
    --title "West - Q4 2026 team revenue" --tag west --tag team
attain goal add --period 2026-Q3 --owner sales-org --metric revenue --target 3035000 \
    --title "Sales org - Q3 2026 revenue" --tag org
attain goal add --period 2026-Q4 --owner sales-org --metric revenue --target 3150000 \
    --title "Sales org - Q4 2026 revenue" --tag org
# A year goal beside Maria's quarter goals: her deals count toward both.
attain goal add --period 2026 --owner maria-chen --metric revenue --target 1240000 \
    --title "Maria Chen - 2026 revenue" --tag east --tag rep

# --- Closed-won deals ----------------------------------------------------------
#
# One line per deal from the CRM: close date, rep, amount (USD), deal id,
# "new" when it is a new logo (it also counts towards the team's
# new-customers goal), and the deal name. Each deal becomes a revenue result
# on the rep's goal; new logos also a result on the team's new-customers goal;
# and the deals are tallied per month into the org's deals-won goal.

month="" month_deals=0 month_last=""
flush_month() {
    [[ -z "$month" ]] && return 0
    local q
    q=$(quarter_of "$month_last")
    attain record "sales-org-deals-won-2026-$q" "$month_deals" \
        --date "$month_last" --ref "CRM-REPORT-$month" \
        --note "Closed-won deals in $month (CRM monthly report, through $month_last)"
}

deals=0
while read -r date rep amount ref kind note; do
    [[ -z "$date" || "$date" == \#* ]] && continue
    team=$(team_of "$rep")
    q=$(quarter_of "$date")
    attain record "$rep-revenue-2026-$q" "$amount" --date "$date" --ref "$ref" --note "$note"
    if [[ "$kind" == new ]]; then
        attain record "$team-new-customers-2026-$q" 1 --date "$date" --ref "$ref" \
            --note "$note ($rep)"
    fi
    if [[ "${date:0:7}" != "$month" ]]; then
        flush_month
        month=${date:0:7} month_deals=0
    fi
    month_deals=$((month_deals + 1)) month_last=$date
    deals=$((deals + 1))
done <<'DEALS'
# date     rep                amount ref       new deal (CRM name)
2026-07-03 omar-haddad      31627.10 CRM-48232 -   Heartland Ag Supply upsell: analytics add-on
2026-07-16 james-okafor        26250 CRM-48268 -   Monmouth Title & Escrow renewal
2026-07-20 ben-kowalski        20000 CRM-48290 -   Cedar Rapids Tool & Die renewal
2026-07-20 luis-moreno      39507.50 CRM-48295 -   Del Mar Capital renewal
2026-07-21 james-okafor        20500 CRM-48303 -   Berkshire Legal LLP renewal
2026-07-22 priya-raman      35854.75 CRM-48343 -   Mill River Paper Co. upsell: API tier
2026-07-22 sofia-alvarez       25015 CRM-48379 new Redwood Analytics - new logo, 150 seats
2026-07-24 hannah-kim          32500 CRM-48408 -   Klamath Timber Co. renewal
2026-07-28 rachel-adams     48450.75 CRM-48440 new Platte River Logistics - new logo, 3-year contract
2026-07-29 ben-kowalski     35171.60 CRM-48475 -   Gateway Mutual Insurance renewal
2026-07-29 emily-carter        19750 CRM-48507 new Mississippi Valley Bank - new logo, 80 seats
2026-07-29 priya-raman         39750 CRM-48534 -   Saranac Outfitters upsell: premium support
2026-07-30 luis-moreno      37647.10 CRM-48543 -   Boise Valley Ag renewal
2026-07-30 priya-raman         32000 CRM-48548 -   Quinnipiac Labs renewal
2026-08-03 james-okafor        29500 CRM-48585 -   Pinecrest Academy Network upsell: premium support
2026-08-04 hannah-kim          45500 CRM-48622 -   Granite Bay Realty renewal
2026-08-05 emily-carter     38085.25 CRM-48632 new Great Lakes Pharmacy - new logo, pilot converted
2026-08-05 omar-haddad      38033.70 CRM-48648 new Sandhill Crane Hotels - new logo, pilot converted
2026-08-05 omar-haddad         36250 CRM-48665 -   Prairie State Schools renewal
2026-08-06 james-okafor     40447.25 CRM-48695 new Schuylkill Steel - new logo
2026-08-06 tom-becker          23250 CRM-48704 new Fairhaven Seafood - new logo, 80 seats
2026-08-07 sofia-alvarez       51750 CRM-48740 -   Point Reyes Dairy renewal
2026-08-10 maria-chen          36750 CRM-48771 new Lantern Hill Hotels - new logo, 3-year contract
2026-08-10 maria-chen          32000 CRM-48802 new Chesapeake Marine Supply - new logo, pilot converted
2026-08-10 rachel-adams     37236.40 CRM-48817 -   Arrowhead Mining Supply renewal
2026-08-11 rachel-adams     27462.85 CRM-48842 -   Cornbelt Cooperative expansion (+35 seats)
2026-08-12 maria-chen       28408.50 CRM-48848 new Canal Street Apparel - new logo
2026-08-12 omar-haddad         55250 CRM-48882 -   Tallgrass Software renewal
2026-08-13 hannah-kim          21000 CRM-48920 -   High Desert Builders renewal
2026-08-17 hannah-kim       63031.15 CRM-48956 -   Cascadia Outdoor Co. renewal
2026-08-17 luis-moreno      30188.99 CRM-48969 -   Willow Creek Schools expansion, second site
2026-08-21 derek-nguyen        31250 CRM-49007 -   Tahoe Ridge Resorts renewal
2026-08-21 maria-chen       43730.75 CRM-49039 -   Catskill Creamery expansion, second site
2026-08-24 james-okafor        45750 CRM-49069 -   Allegheny Home Care expansion (+35 seats)
2026-08-24 maria-chen          25250 CRM-49105 -   Beacon Street Capital expansion (+10 seats)
2026-08-24 sofia-alvarez       36750 CRM-49128 -   Sonoran Medical Imaging upsell: analytics add-on
2026-08-25 sofia-alvarez       46000 CRM-49150 -   Silverlake Media upsell: API tier
2026-08-25 tom-becker          39500 CRM-49186 -   Stonebridge Engineering expansion (+20 seats)
2026-08-25 tom-becker       23837.40 CRM-49225 -   Atlantic Freightways upsell: analytics add-on
2026-08-26 ben-kowalski     39778.40 CRM-49235 -   Red River Telecom expansion (+15 seats)
2026-08-26 derek-nguyen        46000 CRM-49249 -   Pacific Rim Imports upsell: analytics add-on
2026-08-27 rachel-adams        25750 CRM-49257 -   Ohio Valley Rehab renewal
2026-08-28 maria-chen       37257.10 CRM-49272 new Keystone Precision Parts - new logo, 150 seats
2026-08-28 priya-raman         32500 CRM-49291 -   Granite State Insurance upsell: API tier
2026-08-28 sofia-alvarez       25885 CRM-49332 -   Cedar & Pine Hospitality expansion (+10 seats)
2026-08-28 tom-becker       56907.70 CRM-49343 -   Cobblestone Realty renewal
2026-08-31 rachel-adams        22250 CRM-49368 -   Black Hills Outfitters renewal
2026-08-31 rachel-adams        56250 CRM-49397 -   Cuyahoga Health Partners expansion (+50 seats)
2026-09-01 derek-nguyen        38500 CRM-49426 -   Palomar Biotech multi-year renewal
2026-09-01 maria-chen          72500 CRM-49456 new Old Post Road Bank - new logo, pilot converted
2026-09-01 maria-chen       39024.40 CRM-49460 -   Copley Square Partners multi-year renewal
2026-09-01 priya-raman      35078.99 CRM-49493 -   Narragansett Insurance multi-year renewal
2026-09-02 omar-haddad         36250 CRM-49521 -   Prairie Wind Energy multi-year renewal
2026-09-02 tom-becker          20500 CRM-49553 -   Greenpoint Media expansion, second site
2026-09-03 james-okafor     35708.16 CRM-49556 -   Adirondack Timber multi-year renewal
2026-09-04 ben-kowalski        36250 CRM-49592 -   Kettle Moraine Builders renewal
2026-09-04 luis-moreno         33000 CRM-49629 -   Cannery Row Hotels renewal
2026-09-07 derek-nguyen        36250 CRM-49640 new Inland Empire Freight - new logo, pilot converted
2026-09-08 hannah-kim          37500 CRM-49645 new Rainier Orthopedics - new logo, 120 seats
2026-09-10 derek-nguyen        24000 CRM-49674 new Mojave Solar - new logo, 40 seats
2026-09-10 emily-carter        23000 CRM-49681 -   Hoosier Home Care multi-year renewal
2026-09-10 omar-haddad         29750 CRM-49713 -   Windy City Print expansion, second site
2026-09-11 hannah-kim          27500 CRM-49716 new Coastal Range Farms - new logo, 60 seats
2026-09-14 hannah-kim       26526.10 CRM-49746 -   Desert Bloom Nurseries upsell: analytics add-on
2026-09-14 priya-raman         21000 CRM-49767 -   Shoreline Credit Union renewal
2026-09-14 sofia-alvarez       44250 CRM-49794 -   Verdugo Legal Group upsell: API tier
2026-09-15 hannah-kim          29593 CRM-49829 -   Olympic Peninsula Credit Union renewal
2026-09-16 emily-carter        37250 CRM-49852 new Flint Hills Ranch Supply - new logo, 3-year contract
2026-09-16 luis-moreno      38837.10 CRM-49858 -   Bayline Robotics renewal
2026-09-17 emily-carter     32990.99 CRM-49866 -   Great Plains Trucking expansion, second site
2026-09-18 derek-nguyen     40673.01 CRM-49891 -   Sierra Vista Health upsell: API tier
2026-09-18 emily-carter        49250 CRM-49901 new Ironworks Fabrication - new logo, 25 seats
2026-09-18 rachel-adams        37000 CRM-49915 -   Maumee Bay Marine expansion (+50 seats)
2026-09-22 tom-becker       41710.40 CRM-49939 -   Harborview Medical Group renewal
2026-09-23 emily-carter     37789.36 CRM-49964 new Superior Shipping Co. - new logo, pilot converted
2026-09-24 derek-nguyen     33326.99 CRM-50002 -   Columbia Gorge Energy upsell: analytics add-on
2026-09-24 luis-moreno      30459.31 CRM-50007 -   Sequoia Family Clinics renewal
2026-09-24 omar-haddad         36750 CRM-50020 new Ozark Mountain Foods - new logo
2026-09-24 priya-raman      50696.26 CRM-50045 new Seaport Analytics - new logo
2026-09-25 maria-chen          66500 CRM-50072 -   Bayside Orthopedics renewal
2026-09-28 sofia-alvarez       21000 CRM-50088 -   Half Moon Bay Foods upsell: API tier
2026-09-30 james-okafor        28837 CRM-50128 -   Tidewater Logistics expansion (+20 seats)
2026-09-30 james-okafor     25317.99 CRM-50150 -   Merrimack Valley Health renewal
2026-09-30 rachel-adams        64000 CRM-50157 -   Fox River Paper renewal
2026-09-30 sofia-alvarez       62250 CRM-50178 new Blue Heron Software - new logo, pilot converted
2026-09-30 tom-becker          23750 CRM-50184 new Brightline Pharma - new logo, 3-year contract
2026-10-01 priya-raman         29000 CRM-50198 -   Granite State Insurance upsell: API tier
2026-10-01 priya-raman         64250 CRM-50213 new Liberty Bay Foods - new logo
2026-10-05 hannah-kim       42450.50 CRM-50233 -   Coastal Range Farms upsell: API tier
2026-10-05 maria-chen       54246.40 CRM-50272 -   Catskill Creamery expansion (+50 seats)
2026-10-06 hannah-kim          41500 CRM-50307 new Mt. Hood Logistics - new logo, 3-year contract
2026-10-07 sofia-alvarez       40250 CRM-50339 -   Point Reyes Dairy expansion, second site
2026-10-08 priya-raman      35815.01 CRM-50379 -   Seaport Analytics upsell: API tier
2026-10-09 hannah-kim          37500 CRM-50385 -   Sawtooth Outfitters expansion (+50 seats)
2026-10-09 james-okafor        18250 CRM-50412 -   Berkshire Legal LLP expansion, second site
2026-10-09 james-okafor        41250 CRM-50444 -   Monmouth Title & Escrow expansion, second site
2026-10-12 luis-moreno         34150 CRM-50459 -   Willow Creek Schools expansion (+15 seats)
2026-10-12 sofia-alvarez       35750 CRM-50469 -   Cedar & Pine Hospitality upsell: API tier
2026-10-13 emily-carter        25000 CRM-50478 -   Superior Shipping Co. expansion, second site
2026-10-14 luis-moreno         18750 CRM-50511 -   Sequoia Family Clinics expansion, second site
2026-10-14 sofia-alvarez       71000 CRM-50515 new Golden Gate Dental Partners - new logo, 3-year contract
2026-10-15 ben-kowalski        28750 CRM-50550 new Badger State Plastics - new logo, 3-year contract (slipped from Q3)
2026-10-19 derek-nguyen        58250 CRM-50568 new Channel Islands Marine - new logo, pilot converted
2026-10-20 derek-nguyen     45449.25 CRM-50590 -   Sierra Vista Health expansion, second site
2026-10-20 rachel-adams     42264.99 CRM-50612 -   Cornbelt Cooperative upsell: API tier
2026-10-21 emily-carter        57631 CRM-50621 new Driftless Creamery - new logo, pilot converted
2026-10-22 rachel-adams        54250 CRM-50636 -   Maumee Bay Marine upsell: premium support
2026-10-23 james-okafor        48000 CRM-50659 -   Tidewater Logistics upsell: analytics add-on
2026-10-23 sofia-alvarez       29750 CRM-50681 -   Half Moon Bay Foods upsell: premium support
2026-10-29 emily-carter        50619 CRM-50694 -   Great Lakes Pharmacy expansion, second site
2026-10-29 hannah-kim          56750 CRM-50704 -   Klamath Timber Co. upsell: API tier
2026-10-29 priya-raman         60000 CRM-50738 new Brandywine Dental Group - new logo
2026-10-30 priya-raman      73414.99 CRM-50743 new Northgate Software - new logo, 80 seats
2026-11-02 derek-nguyen        27500 CRM-50768 -   Palomar Biotech expansion (+35 seats)
2026-11-04 sofia-alvarez       28550 CRM-50789 -   Verdugo Legal Group expansion (+10 seats)
2026-11-05 omar-haddad      18001.50 CRM-50799 -   Prairie State Schools upsell: premium support
2026-11-05 rachel-adams     21146.40 CRM-50813 new Bluestem Credit Union - new logo, 3-year contract
2026-11-06 derek-nguyen     28675.75 CRM-50822 -   Inland Empire Freight upsell: premium support
2026-11-10 ben-kowalski     34199.15 CRM-50860 new Riverbend Manufacturing - new logo (slipped from Q3)
2026-11-10 maria-chen       61461.25 CRM-50877 -   Keystone Precision Parts expansion (+20 seats)
2026-11-10 omar-haddad         43750 CRM-50899 new Loess Hills Vineyards - new logo, 60 seats
2026-11-11 omar-haddad         50000 CRM-50913 -   Ozark Mountain Foods upsell: API tier
2026-11-12 omar-haddad      40188.75 CRM-50930 -   Tallgrass Software expansion (+20 seats)
2026-11-13 ben-kowalski     40349.75 CRM-50942 -   Red River Telecom expansion (+20 seats)
2026-11-13 rachel-adams     24097.86 CRM-50966 new Twin Cities Dental Group - new logo, 80 seats
2026-11-16 maria-chen          29500 CRM-50993 -   Copley Square Partners expansion (+10 seats)
2026-11-17 maria-chen       48692.35 CRM-51016 new Wachusett Builders - new logo, 120 seats
2026-11-18 maria-chen          34500 CRM-51042 -   Catskill Creamery expansion, second site
2026-11-18 tom-becker       47938.40 CRM-51077 new Delaware Water Gap Resorts - new logo, 3-year contract
2026-11-18 tom-becker          22750 CRM-51093 new Hudson Valley Credit Union - new logo
2026-11-19 ben-kowalski     45701.10 CRM-51121 -   Kettle Moraine Builders expansion, second site
2026-11-20 james-okafor        50750 CRM-51137 -   Pinecrest Academy Network upsell: API tier
2026-11-20 luis-moreno         44500 CRM-51155 -   Boise Valley Ag upsell: analytics add-on
2026-11-20 tom-becker       41341.60 CRM-51161 -   Harborview Medical Group expansion, second site
2026-11-23 emily-carter        37750 CRM-51166 new Lone Star Fleet Services - new logo
2026-11-25 rachel-adams     54540.75 CRM-51186 -   Ohio Valley Rehab expansion, second site
DEALS
flush_month
echo "Recorded $deals deals." >&2

# --- Customer satisfaction ----------------------------------------------------
#
# A biweekly pulse survey per team: the average score (1-5) of that round.
# The goal averages the rounds.

csat_round() { # TEAM DATE SCORE RESPONSES
    local q
    q=$(quarter_of "$2")
    attain record "$1-csat-2026-$q" "$3" --date "$2" \
        --ref "PULSE-$2-$1" --note "Biweekly CSAT pulse, $4 responses"
}
#          team    date       score responses
csat_round east    2026-07-10 4.6   41
csat_round east    2026-07-24 4.7   37
csat_round east    2026-08-07 4.5   44
csat_round east    2026-08-21 4.6   39
csat_round east    2026-09-04 4.8   35
csat_round east    2026-09-18 4.6   46
csat_round west    2026-07-10 4.5   38
csat_round west    2026-07-24 4.3   42
csat_round west    2026-08-07 4.4   36
csat_round west    2026-08-21 4.2   47
csat_round west    2026-09-04 4.5   33
csat_round west    2026-09-18 4.4   40
csat_round central 2026-07-10 4.4   29
csat_round central 2026-07-24 4.6   31
csat_round central 2026-08-07 4.5   34
csat_round central 2026-08-21 4.7   28
csat_round central 2026-09-04 4.5   33
csat_round central 2026-09-18 4.6   30
csat_round east    2026-10-02 4.7   43
csat_round east    2026-10-16 4.6   38
csat_round east    2026-10-30 4.5   45
csat_round east    2026-11-13 4.7   40
csat_round west    2026-10-02 4.2   39
csat_round west    2026-10-16 4.3   44
csat_round west    2026-10-30 4.4   37
csat_round west    2026-11-13 4.3   41
csat_round central 2026-10-02 4.5   32
csat_round central 2026-10-16 4.4   30
csat_round central 2026-10-30 4.6   35
csat_round central 2026-11-13 4.5   31

# --- Churn --------------------------------------------------------------------
#
# Logo churn over the trailing 90 days, from finance's month-end close (and a
# mid-November snapshot). The goal takes the latest value; lower is better.

churn() { # TEAM DATE PERCENT NOTE
    local q
    q=$(quarter_of "$2")
    attain record "$1-churn-2026-$q" "$3" --date "$2" \
        --ref "CHURN-$2-$1" --note "$4"
}
churn east    2026-07-31 2.4 "July close: 3 logos lost of 125"
churn east    2026-08-31 2.2 "August close"
churn east    2026-09-30 2.1 "September close"
churn west    2026-07-31 3.1 "July close: Summit Peak Fitness and 3 others lost"
churn west    2026-08-31 2.9 "August close"
churn west    2026-09-30 2.7 "September close"
churn central 2026-07-31 2.9 "July close"
churn central 2026-08-31 3.3 "August close: two trucking accounts consolidated"
churn central 2026-09-30 3.6 "September close: Lakeshore Medical churned to a competitor"
churn east    2026-10-30 2.0 "October close"
churn east    2026-11-20 1.9 "Mid-November snapshot"
churn west    2026-10-30 2.6 "October close"
churn west    2026-11-20 2.8 "Mid-November snapshot"
churn central 2026-10-30 3.5 "October close"
churn central 2026-11-20 3.2 "Mid-November snapshot: save desk won back two accounts"

# attain leaves its lock file in place on purpose; nothing else is writing to
# this file now, and the lock file does not belong in the repository.
rm -f "$FILE.lock"

echo "Wrote $FILE. Try:" >&2
echo "  attain --file $FILE --as-of $AS_OF report" >&2
