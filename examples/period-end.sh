#!/usr/bin/env bash
# period-end.sh - what a sales manager runs when a period closes.
#
#   examples/period-end.sh [PERIOD] [FILE] [CRM_EXPORT]
#
#   PERIOD      the period to close out (default: last-quarter), any attain
#               label: 2026-Q3, 2026-11, FY2027-Q1, last-month, ...
#   FILE        the attain data file (default: $ATTAIN_FILE, else attain's
#               own default location)
#   CRM_EXPORT  optional: the week's closed-won export from the CRM, as a
#               Salesforce opportunity report saves it (see
#               examples/crm-closed-won.csv); imported first. Re-running
#               adds nothing twice (rows are keyed by Opportunity ID).
#
# Environment:
#   AS_OF   report as of this date (YYYY-MM-DD) instead of today, so that a
#           rerun gives the same answer: passed to attain as --as-of
#   ATTAIN  the attain command (default: `attain` from PATH); may carry
#           arguments, e.g. ATTAIN="cargo run --quiet --"
#   LOCK    set to 1 to lock the period once its packet is written, so that
#           later changes to its numbers need --reason (attain period lock)
#   OUT     where to write the Markdown packet (default:
#           attain-period-end-PERIOD.md beside FILE, or in the current
#           folder when no FILE is given); the HTML page goes beside it,
#           with .html for .md
#
# It imports the CRM export (if given), prints a one-line summary, writes the
# period-end packet as Markdown for the email and as one HTML page for the
# team meeting (attainment, celebrations, reviews and their action plans,
# open actions),
# and exits:
#   0  nothing is owed
#   3  something is owed: a missed goal's review is not finished, a met goal
#      is not celebrated yet, or an action is overdue (listed on stderr)
#   1  or 2: attain failed (bad file, bad period, a bad CRM row, ...); its
#      message is on stderr, and nothing of a failed import was applied
#
# Example, against a copy of the bundled data:
#   cp examples/attain.json /tmp/attain.json
#   AS_OF=2026-11-27 examples/period-end.sh 2026-Q3 /tmp/attain.json examples/crm-closed-won.csv
set -euo pipefail

if [[ "${1:-}" == -h || "${1:-}" == --help ]]; then
    # Print the comment block at the top of this file.
    awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"
    exit 0
fi

period=${1:-last-quarter}
file=${2:-}
crm=${3:-}

# The attain command, as an array so that ATTAIN may hold arguments.
if [[ -n "${ATTAIN:-}" ]]; then
    read -r -a attain_cmd <<<"$ATTAIN"
else
    attain_cmd=(attain)
fi
if ! command -v "${attain_cmd[0]}" >/dev/null 2>&1; then
    echo "period-end.sh: '${attain_cmd[0]}' not found; put attain on PATH or set ATTAIN=/path/to/attain" >&2
    exit 1
fi

# Options every attain call gets: the file, the as-of date, no prompts.
common=(--no-input --color never)
if [[ -n "$file" ]]; then common+=(--file "$file"); fi
if [[ -n "${AS_OF:-}" ]]; then common+=(--as-of "$AS_OF"); fi

# `command`: with the default attain_cmd=(attain), run the program, not this
# function.
attain() { command "${attain_cmd[@]}" "${common[@]}" "$@"; }

# 0. The week's CRM export: closed-won opportunities, each to its owner's
#    revenue goal whose period holds the close date. All or nothing: a bad row
#    stops the script (exit 1) with the row number, and nothing is imported.
if [[ -n "$crm" ]]; then
    attain import "$crm" \
        --map goal="Opportunity Owner" --metric revenue \
        --map value=Amount --map date="Close Date" --date-format %m/%d/%Y \
        --map ref="Opportunity ID" --map note="Opportunity Name" \
        --where "Stage=Closed Won" >&2
fi

# 1. The report as JSON. Under `set -e` a failure here (unreadable file,
#    unknown period: exit 1 or 2) ends the script with attain's exit code and
#    attain's own error message on stderr.
json=$(attain report --period "$period" --format json)

# 2. Read the JSON with jq, or python3 when jq is not installed. Two questions:
#    `summary` - one line of counts; `owed` - the missed and behind goals.
query() {
    if command -v jq >/dev/null 2>&1; then
        case "$1" in
            summary) jq -r '.summary as $s
                | "\($s.total) goals: \($s.met + $s.exceeded) met (\($s.exceeded) exceeded), \($s.missed) missed"
                  + (if $s.on_track + $s.at_risk + $s.behind + $s.upcoming > 0
                     then ", \($s.on_track) on track, \($s.at_risk) at risk, \($s.behind) behind, \($s.upcoming) upcoming"
                     else "" end)' ;;
            owed) jq -r '.goals[] | select(.status == "missed" or .status == "behind")
                | "  \(.status)\t\(.id)\t\(if .attainment == null then "-"
                    else (.attainment * 10000 | round / 10 | floor) as $p | "\($p / 10 | floor).\($p % 10)%" end)"' ;;
            *) echo "period-end.sh: unknown query $1" >&2; return 1 ;;
        esac <<<"$json"
    elif command -v python3 >/dev/null 2>&1; then
        python3 -c '
import json, sys
doc = json.load(sys.stdin)
if sys.argv[1] == "summary":
    s = doc["summary"]
    line = "{total} goals: {0} met ({exceeded} exceeded), {missed} missed".format(
        s["met"] + s["exceeded"], **s)
    if s["on_track"] + s["at_risk"] + s["behind"] + s["upcoming"] > 0:
        line += ", {on_track} on track, {at_risk} at risk, {behind} behind, {upcoming} upcoming".format(**s)
    print(line)
else:
    for g in doc["goals"]:
        if g["status"] in ("missed", "behind"):
            a = g["attainment"]
            pct = "-"
            if a is not None:  # tenths of a percent, cut like the table
                p = round(a * 10000) // 10
                pct = "{}.{}%".format(p // 10, p % 10)
            print("  {}\t{}\t{}".format(g["status"], g["id"], pct))
' "$1" <<<"$json"
    else
        echo "period-end.sh: needs jq or python3 to read attain's JSON" >&2
        exit 1
    fi
}

summary=$(query summary)
if [[ "$summary" == 0\ goals* ]]; then
    echo "period-end.sh: no goals in period '$period'${file:+ in $file}; check the period and the file" >&2
    exit 1
fi
echo "$period${AS_OF:+ (as of $AS_OF)}: $summary"

# 3. The period-end packet as Markdown. Written to a temporary file first so
#    a failure never leaves half a report.
packet="attain-period-end-${period//[^A-Za-z0-9_-]/_}.md"
if [[ -n "$file" ]]; then packet="$(dirname "$file")/$packet"; fi
out=${OUT:-$packet}
tmp=$(mktemp "${out}.XXXXXX")
trap 'rm -f "$tmp"' EXIT
attain period-end "$period" --format markdown >"$tmp"
mv "$tmp" "$out"
echo "Markdown packet written to $out" >&2
# The same packet as a page to put on the screen: charts, no network.
page="${out%.md}.html"
tmp=$(mktemp "${page}.XXXXXX")
attain period-end "$period" --format html >"$tmp"
mv "$tmp" "$page"
echo "HTML packet written to $page" >&2

# 4. With LOCK=1 the books of the period close: a change to its numbers
#    now needs --reason, which history keeps (locking twice is harmless).
if [[ "${LOCK:-0}" == 1 ]]; then
    attain --quiet period lock "$period"
    echo "Locked $period: changes to its numbers now need --reason." >&2
fi

# 5. The check. `period-end --check` exits 3 while something is owed; that is
#    an answer, not a failure, so catch it instead of letting `set -e` end the
#    script, say what is owed, and pass the 3 on to our caller.
status=0
# (set -e is off for this one call, on purpose: its exit code is read below.)
# shellcheck disable=SC2310
attain --quiet period-end "$period" --check --format csv >/dev/null || status=$?
case "$status" in
    0) echo "Nothing owed for $period." >&2 ;;
    3)
        echo "Still owed for $period:" >&2
        attain period-end "$period" | tail -n 1 >&2
        query owed >&2
        ;;
    *) echo "period-end.sh: attain period-end --check failed (exit $status)" >&2 ;;
esac
exit "$status"
