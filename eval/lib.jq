# eval/lib.jq — helpers for tools/eval.sh (make eval).  jq 1.6.
#
# Three parts: which time expressions count as calendar dates, calendar
# spans ([first day, last day]) of the peers' values and of zhpipe's date
# values, and matching of figure records against expected amounts.

# ------------------------------------------------------------ classification
# Why a time expression is not a calendar date, from its text (null: keep).
# The structured signals each suite has (duckling grain/holiday, the
# recognizers' timex and component, jionlp's type) are checked first by
# the caller; these patterns catch the rest.

def festival_re: "节|節|元旦|除夕|春节|中秋|端午|清明|重阳|重陽|七夕|国庆|國慶|圣诞|聖誕|平安夜|情人|愚人|万圣|萬聖|感恩|复活|復活|斋|齋|主日|圣灰|聖灰|逾越|回归|回歸|纪念日|紀念日|权益日|權益日|服务日|服務日|地球一小时|地球一小時|法令之夜|权力之夜|树木新年|樹木新年|立春|雨水|惊蛰|驚蟄|春分|谷雨|穀雨|立夏|小满|小滿|芒种|芒種|夏至|小暑|大暑|立秋|处暑|處暑|白露|秋分|寒露|霜降|立冬|小雪|大雪|冬至|小寒|大寒|暑假|寒假|^五一$|^十一$";
# Lunar months and days, and dates in imperial eras (lunisolar calendar).
def lunar_re: "农历|農曆|阴历|陰曆|正月|腊月|臘月|冬月|闰[一二三四五六七八九十正冬腊]+月|闰[0-9]+月|初[一二三四五六七八九十0-9]|廿|卅|大年|年三十|康熙|雍正|乾隆|嘉庆|道光|咸丰|同治|光绪|宣统|神龙|贞观|开元|天宝|洪武|永乐|万历|崇祯|元年";
def season_re: "[春夏秋冬](季|天)|年[春夏秋冬]$";
def week_re: "星期|礼拜|禮拜|周(?!年|岁|歲|期|边|邊|围|圍)|週(?!年|歲|期)";
def clock_re: "[0-9０-９一二三四五六七八九十两兩]\\s*[点點时時](?!间|間|期|代|候)|[0-9]\\s*[:：]\\s*[0-9]|秒|分钟|分鐘|早上|早晨|早间|早間|上午|下午|中午|正午|午后|午夜|晚上|今晚|昨晚|明晚|当晚|傍晚|凌晨|半夜|深夜|夜里|夜裡|夜间|晚间|晚間|白天|全天|清晨|黎明|今晨|钟头|鐘頭|小时|小時|个钟|個鐘|晏晝|朝早|[日號号]早|[日號号]晚|[天日]\\d+晚|三夜|今早|今朝|[0-9一]刻|分半|[0-9]\\s*[ap]\\.?m|[0-9]\\s*[AP]\\.?M";
def count_zh: "[一二两兩俩倆仨三四五六七八九十百千几幾多数數]+";
def post_re: "(以前|以后|以後|之前|之后|之後|以来|以來|以内|以內|以上|以下|前|后|後|内|內|里|裡|来|來)";
# A count of calendar units: 三个月, 3个多月, 两个半月, 一年半, 半年, 5个交易日
# (digits before 日 are a day of the month: 2019年8月1日之后 is a date).
def units_re($day): "((个|個)(多|半)?月|(个|個)?(多|半)?(年|周|週|星期|礼拜|禮拜|天|" + $day + "工作日|交易日|季度))半?多?";
# Offsets and durations: 前两天, 三个月后, 过去十年, 3年半以前, 近30天,
# 第三天起.  Not: a year in digits (2015年前, 07年以后), a day of a month
# (8月1日之后), the first months of a stated year (今年前三季度, 2022年前
# 十一个月, 这个月前两天), which are calendar spans.
def duration_re:
  "(?<![年月])(?<!年的)(?<!季度)(?<!年\\s)(过去|過去|未来|未來|最近|近|前|后|後|上|下|过|過|今后|今後)的?\\s*([0-9]{1,3}|" + count_zh + ")\\s*(个|個)?多?(年|月|周|週|星期|礼拜|禮拜|天|日|季度)(?!份|底|初|末|中|[0-9])"
  + "|(?<![0-9月])[1-9]\\s*" + units_re("") + post_re
  + "|(?<![0-9月])[0-9]{1,3}\\s*多?((个|個)(多|半)?(月|工作日|交易日)|天|周|週|星期|礼拜|禮拜|季度)半?多?" + post_re
  + "|(?<![0-9月])(3[2-9]|[4-9][0-9]|[1-9][0-9][0-9])\\s*日" + post_re
  + "|(?<![0-9])[0-9]+多年"
  + "|(?<![零〇○一二三四五六七八九十两兩月])(" + count_zh + "|半)\\s*" + units_re("日|") + post_re
  + "|(?<![上下前后後])半月" + post_re
  + "|^第[0-9一二三四五六七八九十]+(天|日|年)";
def vague_re: "^(现在|現在|而家|依家|宜家|此时|此時|目前|当前|當前|最近|此刻|刚刚|剛剛|如今|当下|當下|近来|近來|近期)$";

def date_reason_text($t):
  if ($t|test("每|隔")) then "recurring"
  elif ($t|test(festival_re)) then "holiday/solar term"
  elif ($t|test(lunar_re)) then "lunar/era calendar"
  elif ($t|test(week_re)) then "weekday/week"
  elif ($t|test(clock_re)) then "clock time/time of day"
  elif ($t|test(duration_re)) then "duration/offset"
  elif ($t|test(season_re)) then "season"
  elif ($t|test(vague_re)) then "vague (now, recently)"
  else null end;

# ------------------------------------------------------------ calendar
def leap($y): ($y % 4 == 0 and $y % 100 != 0) or $y % 400 == 0;
def dim($y; $m): if $m == 2 then (if leap($y) then 29 else 28 end)
                 elif ($m == 4 or $m == 6 or $m == 9 or $m == 11) then 30 else 31 end;
def p2: tostring | if length < 2 then "0" + . else . end;
def p4: tostring | ("000" + .) | .[-4:];
def ymd($y; $m; $d): "\($y|p4)-\($m|p2)-\($d|p2)";
def parts: .[0:10] | split("-") | map(tonumber);            # "YYYY-MM-DD..." -> [y,m,d]
def prev_day: parts as [$y, $m, $d] |
  if $d > 1 then ymd($y; $m; $d - 1)
  elif $m > 1 then ymd($y; $m - 1; dim($y; $m - 1))
  else ymd($y - 1; 12; 31) end;
def next_day: parts as [$y, $m, $d] |
  if $d < dim($y; $m) then ymd($y; $m; $d + 1)
  elif $m < 12 then ymd($y; $m + 1; 1)
  else ymd($y + 1; 1; 1) end;
def month_last: parts as [$y, $m, $d] | ymd($y; $m; dim($y; $m));
def year_last: parts as [$y, $m, $d] | ymd($y; 12; 31);

# zhpipe's value syntax (pipeline/datenorm.h) -> [first day, last day];
# "-inf"/"inf" for open ends; null when a field is unknown (X).
def unit_span:
  if test("X") then null
  elif test("^[0-9]{4}$") then [. + "-01-01", . + "-12-31"]
  elif test("^[0-9]{4}-[0-9]{2}$") then (split("-") | map(tonumber)) as [$y, $m] | [ymd($y; $m; 1), ymd($y; $m; dim($y; $m))]
  elif test("^[0-9]{4}-[0-9]{2}-[0-9]{2}$") then [., .]
  elif test("^[0-9]{4}-Q[1-4]$") then (.[0:4] | tonumber) as $y | (.[6:7] | tonumber) as $q |
       [ymd($y; 3 * $q - 2; 1), ymd($y; 3 * $q; dim($y; 3 * $q))]
  elif test("^[0-9]{4}-H[12]$") then (.[0:4] | tonumber) as $y |
       if .[6:7] == "1" then [ymd($y; 1; 1), ymd($y; 6; 30)] else [ymd($y; 7; 1), ymd($y; 12; 31)] end
  else null end;
def zspan:
  if . == null or . == "" then null
  elif test("/") then split("/") as [$a, $b] |
       (if $a == ".." then "-inf" else ($a | unit_span | if . then .[0] else null end) end) as $f |
       (if $b == ".." then "inf" else ($b | unit_span | if . then .[1] else null end) end) as $l |
       if $f == null or $l == null then null else [$f, $l] end
  else unit_span end;
# The span a zhpipe date record denotes: `resolved`, the value placed on
# the reference (for an absolute value it is the value itself, or the
# period from the reference to a deadline after it), else the value when
# the record is absolute.
def rec_span: (if (.resolved // "") != "" then .resolved elif .relative then null else .value end) | zspan;

# Duckling: a value is the period of `grain` starting at `start`; an
# interval is [start, end).
def dk_span:
  if .type == "value" then .start[0:10] as $d | .grain as $g |
     if $g == "day" then [$d, $d]
     elif $g == "month" then [$d, ($d | month_last)]
     elif $g == "year" then [$d, ($d | year_last)]
     elif $g == "quarter" then ($d | parts) as [$y, $m, $x] | [$d, ymd($y; $m + 2; dim($y; $m + 2))]
     else null end
  elif .type == "interval" then
     [(if .start then .start[0:10] else "-inf" end), (if .end then (.end | prev_day) else "inf" end)]
  else null end;

# Recognizers-Text: candidate spans of one resolution (model `values[]`
# entry, or parser Past/FutureResolution with the entity's timex).
#   date: that day.  daterange: [start, end) with Mod before (end
#   exclusive), until (a day's end is inclusive, a longer unit's end is
#   the next unit's start), since/after (start as given).  A range
#   "(A,B,Pn)" between two stated points ("1995-1997年", "1月10日到12日")
#   also yields [A, the whole unit of B]: the peer writes B's start as an
#   exclusive end, the text includes B.
def rt_range($from; $till; $timex; $mod; $text):
  if $mod == "before" then [["-inf", ($till | prev_day)]]
  elif $mod == "until" then
     (if (($timex // "") | test("^[0-9]{4}-[0-9]{2}-[0-9]{2}$")) then [["-inf", $till]] else [["-inf", ($till | prev_day)]] end)
  elif $mod == "since" or $mod == "after" then [[$from, "inf"]]
  elif $from != null and $till != null then
     [[$from, ($till | prev_day)]]
     + (if (($timex // "") | test("^\\(")) and ($text | test("到|至|-|—|–|~|～|和.*间|与.*间|和.*之间")) then
          ($timex | capture(",P(?<n>[0-9]+)(?<u>[YMDW])\\)$")? // null) as $p |
          if $p == null then []
          elif $p.u == "Y" then [[$from, ($till | year_last)]]
          elif $p.u == "M" then [[$from, ($till | month_last)]]
          elif $p.u == "D" then [[$from, $till]]
          else [] end
        else [] end)
  else [] end;
def rt_model_spans($text):
  [ .resolution.values[] |
    if .type == "date" and (.value | type) == "string" and (.value | test("^[0-9]{4}-[0-9]{2}-[0-9]{2}$")) then [[.value, .value]]
    elif .type == "daterange" then rt_range(.start; .end; .timex; .Mod; $text)
    else [] end | .[] ];
def rt_parser_spans($text):
  .value as $v |
  [ ($v.PastResolution, $v.FutureResolution) | select(. != null) |
    if .date then [[.date, .date]]
    elif .startDate or .endDate then rt_range(.startDate; .endDate; $v.Timex; $v.Mod; $text)
    else [] end | .[] ] | unique;

# jionlp: [start, end] inclusive, "-inf"/"inf" for open ends.
def jio_span: map(if . == "-inf" or . == "inf" then . else .[0:10] end);

# ------------------------------------------------------------ figures
def close($a; $b): $a != null and $b != null and
  (($a - $b) | fabs) <= 1e-9 * ([($b | fabs), ($a | fabs), 1e-12] | max);

# A figure record's amount in the unit the expectation uses.
def pct_factor: {"percent": 1, "percentage_point": 1, "tenth": 10, "permille": 0.1}[.] // null;
def amount($norm):
  if $norm == "si" then [.si_value, .si_to]
  elif $norm == "percent" then (.dimension | pct_factor) as $f |
       [(if .value != null and $f then .value * $f else null end), (if .to != null and $f then .to * $f else null end)]
  else [.value, .to] end;

# Does record r satisfy expectation e?  e: {dims, units (null: any), norm,
# value (null: do not check), to, qual, bs, be}.  qual:
#   value   the value, no range, no bound (approx not looked at: duckling
#           and Recognizers-Text do not model approximation)
#   exact   the value, not approx, no bound, no range (jionlp accurate)
#   approx  the value with approx set (jionlp blur)
#   min/max the value with that bound
#   max~    the value with bound max or approx (jionlp blur-: 近, 不到)
#   range   value and to
#   range~  value and to, or the low value with approx (3000多 = [3000, 4000])
def fig_ok($e):
  . as $r | amount($e.norm) as [$v, $t] |
  $r.kind == "figure"
  and (($e.dims | index($r.dimension)) != null)
  and ($e.units == null or (($e.units | index($r.unit)) != null))
  and $r.start <= $e.bs and $r.end >= $e.be
  and (if $e.value == null then true
       elif $e.qual == "value" then close($v; $e.value) and $t == null and $r.bound == null
       elif $e.qual == "exact" then close($v; $e.value) and $t == null and $r.bound == null and ($r.approx | not)
       elif $e.qual == "approx" then close($v; $e.value) and $t == null and $r.approx
       elif $e.qual == "min" then close($v; $e.value) and $t == null and $r.bound == "min"
       elif $e.qual == "max" then close($v; $e.value) and $t == null and $r.bound == "max"
       elif $e.qual == "max~" then close($v; $e.value) and $t == null and ($r.bound == "max" or $r.approx)
       elif $e.qual == "range" then close($v; $e.value) and close($t; $e.to)
       elif $e.qual == "range~" then (close($v; $e.value) and close($t; $e.to)) or (close($v; $e.value) and $t == null and $r.approx)
       else false end);

def fig_desc: "\(.text)→\(.value)\(if .to != null then "~\(.to)" else "" end) \(.unit // "")[\(.dimension // "-")]\(if .approx then " approx" else "" end)\(if .bound then " " + .bound else "" end)";
def date_desc: "\(.text)→\(.value)\(if .relative or (.resolved // .value) != .value then " (\(.resolved))" else "" end)";

# Byte offsets in s of the code-point span [a, b).
def bspan($s; $a; $b): [($s[0:$a] | utf8bytelength), ($s[0:$b] | utf8bytelength)];

# Span comparison: a peer that marks its value as fuzzy (jionlp `blur`:
# 年底 = November-December, 月初 = days 1-5) also accepts a zhpipe span
# inside it that shares its start or its end (年底 = December).
def day_le($a; $b): $a == "-inf" or $b == "inf" or ($a != "inf" and $b != "-inf" and $a <= $b);
def inside_edge($s; $e): day_le($e[0]; $s[0]) and day_le($s[1]; $e[1]) and ($s[0] == $e[0] or $s[1] == $e[1]);
