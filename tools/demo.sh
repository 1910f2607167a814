#!/usr/bin/env bash
# make demo: index corpus/ into ./zhpipe.db, search it in both scripts,
# and show some extracted records.  Safe to run again: the second run
# finds every article unchanged.
set -euo pipefail
cd "$(dirname "$0")/.."
say() { printf '\n\033[1m$ %s\033[0m\n' "$*"; }

say ./zhpipe index corpus/ "(the sample articles; corpus/enc/ holds GBK, Big5 and UTF-16 copies)"
./zhpipe index --include '*.txt' corpus/

say ./zhpipe search 高新区 投资
./zhpipe search --limit 3 高新区 投资

say ./zhpipe search '"東山灣高新區"'  "(a traditional query; the index holds simplified text)"
./zhpipe search --limit 3 '"東山灣高新區"'

say ./zhpipe search "zone:盐城滨淮经济技术开发区"  "(an entity filter: articles naming the zone, even by its abbreviation)"
./zhpipe search --limit 3 'zone:盐城滨淮经济技术开发区'

say "./zhpipe extract corpus/01_yancheng_binhuai_kaifaqu.txt | jq ... (a few figures, dates and entities)"
./zhpipe extract corpus/01_yancheng_binhuai_kaifaqu.txt |
    jq -c 'select(.kind=="figure") | {text, value, unit, approx}' | head -5
./zhpipe extract corpus/01_yancheng_binhuai_kaifaqu.txt |
    jq -c 'select(.kind=="date") | {text, value, resolved, grain}' | head -4
./zhpipe extract corpus/01_yancheng_binhuai_kaifaqu.txt |
    jq -c 'select(.kind=="entity") | {text, type, name}' | head -5

say "./zhpipe parse money '约4.287亿美元' '三百万' '15k~20k' '五個半' | jq ..." "(one value per input: a column of amounts)"
./zhpipe parse money '约4.287亿美元' '三百万' '15k~20k' '五個半' | jq -c '{input, value, to, unit, approx}'

say ./zhpipe stats
./zhpipe stats
