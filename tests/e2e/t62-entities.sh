# t62 — entities of the five seed articles, locked one by one; fragments
# that must not come back; entity filters in search; a user's name list.
#
# Each line of an expected list is  TYPE|TEXT|NAME|CODE|ROLE  (TEXT as in
# the article, a layout line break written \n; CODE and ROLE "-" when
# none), one line per distinct tuple, sorted.  The lists were checked by
# hand against the articles.  Known misses (brand names the article never
# introduces with a legal form or a list: 希波食品, 天池葡萄酒, 华润雪花,
# 施可丰 as a company, 凌宇重工 ...; people named without a title: 李洪胜)
# are not in the lists: extraction does not find them.

# seed_entities N: the distinct entity tuples of seed N.
seed_entities() {
    zp extract "$SEEDS"/00"$1"_*.txt |
        jq -r 'select(.kind=="entity") | [.type, (.text | gsub("\n"; "\\n")), .name, (.code // "-"), (.role // "-")] | join("|")' |
        LC_ALL=C sort -u
}

subtest "seed 000_4c77dbaab02a54b6.txt: all 41 entities, each with its name (and code for places)"
expect_eq "$(seed_entities 0)" "$(LC_ALL=C sort <<'EOF'
LOC|东北|东北|-|-
LOC|中国|中国|-|-
LOC|中山社区|中山社区|-|-
LOC|京津冀|京津冀|-|-
LOC|文昌社区|文昌社区|-|-
LOC|新华街道|新华街道|211303004|-
LOC|朝阳|朝阳市|2113|-
LOC|朝阳市|朝阳市|2113|-
LOC|柳城社区|柳城社区|-|-
LOC|浪马社区|浪马社区|-|-
LOC|竹林社区|竹林社区|-|-
LOC|紫金苑社区|紫金苑社区|-|-
LOC|辽宁|辽宁省|21|-
LOC|辽宁省|辽宁省|21|-
LOC|辽西|辽西|-|-
LOC|长三角|长三角|-|-
LOC|长江社区|长江社区|-|-
LOC|龙兴社区|龙兴社区|-|-
LOC|龙城|龙城区|211303|-
LOC|龙城区|龙城区|211303|-
LOC|龙泉街道|龙泉街道|211303070|-
ORG|山东水发集团|山东水发集团|-|-
ORG|微生物研究院|微生物研究院|-|-
ORG|朝阳市龙城区委宣传部|朝阳市龙城区委宣传部|-|-
ORG|朝阳微电子科技股份有限公司|朝阳微电子科技股份有限公司|-|-
ORG|朝阳柏慧燕都食品有限公司|朝阳柏慧燕都食品有限公司|-|-
ORG|朝阳浪马轮胎|朝阳浪马轮胎有限公司|-|-
ORG|朝阳浪马轮胎有限公司|朝阳浪马轮胎有限公司|-|-
ORG|朝阳钢铁|朝阳钢铁|-|-
ORG|朝阳高新区管委会|朝阳高新区管委会|-|-
ORG|柏慧燕都|柏慧燕都食品有限公司|-|-
ORG|柏慧燕都食品有限公司|柏慧燕都食品有限公司|-|-
ORG|辽宁省农科院|辽宁省农科院|-|-
PER|刘凤玉|刘凤玉|-|-
PER|张辉|张辉|-|reporter
PER|王桂芳|王桂芳|-|-
ZONE|朝阳市龙城区农产品食品加工园区|朝阳市龙城区农产品食品加工园区|-|-
ZONE|朝阳高新区|朝阳高新技术产业开发区|-|-
ZONE|朝阳高新技术产业开发区|朝阳高新技术产业开发区|-|-
ZONE|福建利澳卫生用品智慧产业园|福建利澳卫生用品智慧产业园|-|-
ZONE|龙城区农业园区|龙城区农业园区|-|-
EOF
)"

subtest "seed 001_201a132a17332222.txt: all 75 entities, each with its name (and code for places)"
expect_eq "$(seed_entities 1)" "$(LC_ALL=C sort <<'EOF'
DOC|朝阳市深化经济开发区体制机制改革的实施意见|朝阳市深化经济开发区体制机制改革的实施意见|-|-
LOC|北京|北京市|11|-
LOC|北票|北票市|211381|-
LOC|喀左|喀喇沁左翼蒙古族自治县|211324|-
LOC|建平|建平县|211322|-
LOC|朝阳|朝阳市|2113|-
LOC|朝阳市|朝阳市|2113|-
LOC|辽宁省|辽宁省|21|-
LOC|马鞍山|马鞍山市|3405|-
ORG|一诺环保|一诺环保|-|-
ORG|中国电力|中国电力|-|-
ORG|中能建|中能建|-|-
ORG|净良|净良|-|-
ORG|凌钢|凌钢|-|-
ORG|北大荒|北大荒|-|-
ORG|北票经济开发区管委会|北票经济开发区管委会|-|-
ORG|升华|升华|-|-
ORG|华盛泵业|华盛泵业|-|-
ORG|唯科|唯科|-|-
ORG|唯科矿产|唯科矿产|-|-
ORG|喀左经济开发区管委会|喀左经济开发区管委会|-|-
ORG|天元|天元|-|-
ORG|宏发公司|宏发公司|-|-
ORG|宏宇|宏宇|-|-
ORG|建兴|建兴|-|-
ORG|建平经济开发区管委会|建平经济开发区管委会|-|-
ORG|新都黄金|新都黄金|-|-
ORG|晋慧智能|晋慧智能|-|-
ORG|朝阳市商务局|朝阳市商务局|-|-
ORG|朝阳飞马车辆设备股份公司|朝阳飞马车辆设备股份公司|-|-
ORG|朝阳黑猫伍兴岐发黑有限责任公司|朝阳黑猫伍兴岐发黑有限责任公司|-|-
ORG|浪马轮胎|浪马轮胎|-|-
ORG|瑞鑫|瑞鑫|-|-
ORG|菲哲石油|菲哲石油|-|-
ORG|辽宁宠爱科技有限公司|辽宁宠爱科技有限公司|-|-
ORG|辽宁通鑫|辽宁通鑫实业有限公司|-|-
ORG|辽宁通鑫实业有限公司|辽宁通鑫实业有限公司|-|-
ORG|运达集团|运达集团|-|-
ORG|通美晶体|通美晶体|-|-
ORG|金达集团|金达集团|-|-
ORG|鞍钢朝阳钢铁|鞍钢朝阳钢铁|-|-
ORG|飞马车辆|朝阳飞马车辆设备股份公司|-|-
ORG|飞马集团|飞马集团|-|-
ORG|黑猫发黑|黑猫发黑|-|-
PER|于涛|于涛|-|-
PER|刘凤玉|刘凤玉|-|-
PER|崔 毅|崔毅|-|reporter
PER|崔毅|崔毅|-|reporter
PER|张 辉|张辉|-|reporter
PER|张辉|张辉|-|reporter
PER|李柏文|李柏文|-|-
PER|武国航|武国航|-|-
PER|王金旭|王金旭|-|-
ZONE|农产品精深加工特色主题园区|农产品精深加工特色主题园区|-|-
ZONE|凌源经济开发区|凌源经济开发区|-|-
ZONE|北票经济开发区|北票经济开发区|-|-
ZONE|半导体新材料产业园|半导体新材料产业园|-|-
ZONE|喀左经开区|喀左经济开发区|-|-
ZONE|喀左经济开发区|喀左经济开发区|-|-
ZONE|建平开发区|建平经济开发区|-|-
ZONE|建平经济开发区|建平经济开发区|-|-
ZONE|施可丰生态环保产业园|施可丰生态环保产业园|-|-
ZONE|朝建平平经济开发区|朝建平平经济开发区|-|-
ZONE|朝阳北票经济开发区|朝阳北票经济开发区|-|-
ZONE|朝阳喀左经济开发区|朝阳喀左经济开发区|-|-
ZONE|朝阳经济开发区|朝阳经济开发区|-|-
ZONE|朝阳经济技术开发区|朝阳经济技术开发区|-|-
ZONE|朝阳高新技术产业开发区|朝阳高新技术产业开发区|-|-
ZONE|柳城经济开发区|柳城经济开发区|-|-
ZONE|环保装备制造特色主题园区|环保装备制造特色主题园区|-|-
ZONE|环保装备制造特色产业园|环保装备制造特色产业园|-|-
ZONE|电子科技产业园|电子科技产业园|-|-
ZONE|装备制造产业园|装备制造产业园|-|-
ZONE|通鑫冶金循环经济产业园|通鑫冶金循环经济产业园|-|-
ZONE|金属新材料产业园|金属新材料产业园|-|-
EOF
)"

subtest "seed 002_784ca2f8b721edea.txt: all 40 entities, each with its name (and code for places)"
expect_eq "$(seed_entities 2)" "$(LC_ALL=C sort <<'EOF'
DOC|关于认定2021年(第十四批)省级企业技术中心的通知|关于认定2021年(第十四批)省级企业技术中心的通知|-|-
DOC|龙城区“十四五”现代物流业发展专项规划|龙城区“十四五”现代物流业发展专项规划|-|-
DOC|龙城区便民服务指南|龙城区便民服务指南|-|-
DOC|龙城区关于推进建设辽冀蒙区域性物流中心实施方案|龙城区关于推进建设辽冀蒙区域性物流中心实施方案|-|-
LOC|七道泉子镇|七道泉子镇|211303101|-
LOC|东北|东北|-|-
LOC|中国|中国|-|-
LOC|京津冀|京津冀|-|-
LOC|北京|北京市|11|-
LOC|大平房镇|大平房镇|211303105|-
LOC|朝阳|朝阳市|2113|-
LOC|朝阳市|朝阳市|2113|-
LOC|海龙街道|海龙街道|211303005|-
LOC|联合镇|联合镇|211303106|-
LOC|西大营子镇|西大营子镇|211303102|-
LOC|辽宁|辽宁省|21|-
LOC|辽西|辽西|-|-
LOC|龙城|龙城区|211303|-
LOC|龙城区|龙城区|211303|-
ORG|中科院|中国科学院|-|-
ORG|中草药产业协会|中草药产业协会|-|-
ORG|全保重工公司|全保重工公司|-|-
ORG|农产品物流协会|农产品物流协会|-|-
ORG|北京中南光学技术公司|北京中南光学技术公司|-|-
ORG|朝阳嘉寓节能科技有限公司|朝阳嘉寓节能科技有限公司|-|-
ORG|朝阳惠宇智能科技有限公司|朝阳惠宇智能科技有限公司|-|-
ORG|生姜产业协会|生姜产业协会|-|-
ORG|花卉育种协会|花卉育种协会|-|-
ORG|食用菌产业协会|食用菌产业协会|-|-
ORG|龙城区农业专业协\n\n会|龙城区农业专业协会|-|-
PER|张旭|张旭|-|reporter
ZONE|佛瑞达新型包装材料产业园|佛瑞达新型包装材料产业园|-|-
ZONE|召都巴镇蔬菜育种产业园|召都巴镇蔬菜育种产业园|-|-
ZONE|安徽西商农产品物流园|安徽西商农产品物流园|-|-
ZONE|朝阳高新区|朝阳高新区|-|-
ZONE|联合镇香菇产业园|联合镇香菇产业园|-|-
ZONE|食用菌产业园区|食用菌产业园区|-|-
ZONE|食用菌生产产业园区|食用菌生产产业园区|-|-
ZONE|龙城区农产品食品工业园区|龙城区农产品食品工业园区|-|-
ZONE|龙城区禽蛋出口示范区|龙城区禽蛋出口示范区|-|-
EOF
)"

subtest "seed 003_dee68bd4d83d9405.txt: all 47 entities, each with its name (and code for places)"
expect_eq "$(seed_entities 3)" "$(LC_ALL=C sort <<'EOF'
DOC|朝阳市人民政府办公室关于加强“高耗能”“高排放”项目管理工作意见|朝阳市人民政府办公室关于加强“高耗能”“高排放”项目管理工作意见|-|-
DOC|省发展改革委关于“十四五”时期各市拟上高耗能高排放项目压减的意见|省发展改革委关于“十四五”时期各市拟上高耗能高排放项目压减的意见|-|-
DOC|辽宁省\n\n人民政府办公厅关于加强全省高耗能、高排放项目准入管理的意见|辽宁省人民政府办公厅关于加强全省高耗能、高排放项目准入管理的意见|-|-
LOC|京津冀|京津冀|-|-
LOC|凌源|凌源市|211382|-
LOC|凌源市|凌源市|211382|-
LOC|朝陽|朝阳市|2113|-
LOC|朝陽市|朝阳市|2113|-
LOC|遼寧|辽宁省|21|-
LOC|遼西|辽西|-|-
ORG|一汽凌源|一汽凌源汽车车架制造有限公司|-|-
ORG|一汽凌源汽车车架制造有限公司|一汽凌源汽车车架制造有限公司|-|-
ORG|三沅環保科技(凌源)有限公司|三沅环保科技(凌源)有限公司|-|-
ORG|东北大学|东北大学|-|-
ORG|东煜商贸|东煜商贸|-|-
ORG|中国建材|中国建材|-|-
ORG|凌钢集团|凌钢集团|-|-
ORG|北京冶金研究院|北京冶金研究院|-|-
ORG|北京理工大学|北京理工大学|-|-
ORG|北京科技大学|北京科技大学|-|-
ORG|南京玻纤研究院|南京玻纤研究院|-|-
ORG|同创工业园|同创工业园|-|-
ORG|炜盛玻纤|炜盛玻纤|-|-
ORG|致远物流|致远物流|-|-
ORG|航天凌河|辽宁航天凌河汽车有限公司|-|-
ORG|航天科技集团|航天科技集团|-|-
ORG|辽宁世之源碳科技有限公司|辽宁世之源碳科技有限公司|-|-
ORG|辽宁工业大学|辽宁工业大学|-|-
ORG|辽宁炜盛|辽宁炜盛新型复合材料有限公司|-|-
ORG|辽宁航天凌河汽车有限公司|辽宁航天凌河汽车有限公司|-|-
ORG|辽宁迈方碳科技有限公司|辽宁迈方碳科技有限公司|-|-
ORG|遼寧炜盛新型複合材料有限公司|辽宁炜盛新型复合材料有限公司|-|-
ORG|遼寧航天凌河汽車有限公司|辽宁航天凌河汽车有限公司|-|-
ORG|遼寧鑫屹電器設備有限公司|辽宁鑫屹电器设备有限公司|-|-
PER|李國恩|李国恩|-|reporter
PER|李永誠|李永诚|-|reporter
ZONE|三十家子木业建材产业园|三十家子木业建材产业园|-|-
ZONE|三星石墨烯新材料产业园|三星石墨烯新材料产业园|-|-
ZONE|三沅环保科技产业园|三沅环保科技产业园|-|-
ZONE|三沅環保科技產業園|三沅环保科技产业园|-|-
ZONE|凌源經濟開發區|凌源经济开发区|-|-
ZONE|凌源经济开发区|凌源经济开发区|-|-
ZONE|南部非金属新材料产业园|南部非金属新材料产业园|-|-
ZONE|朝陽凌源經濟開發區|朝阳凌源经济开发区|-|-
ZONE|汽车零部件产业园|汽车零部件产业园|-|-
ZONE|鋼鐵冶金特色產業園|钢铁冶金特色产业园|-|-
ZONE|零部件特色產業園|零部件特色产业园|-|-
EOF
)"

subtest "seed 004_b0269d6298c48e14.txt: all 45 entities, each with its name (and code for places)"
expect_eq "$(seed_entities 4)" "$(LC_ALL=C sort <<'EOF'
DOC|关于深化全市各级各类开发区体制机制\n\n改革的意见(试行)|关于深化全市各级各类开发区体制机制改革的意见(试行)|-|-
LOC|东方路社区|东方路社区|-|-
LOC|中国|中国|-|-
LOC|大连|大连市|2102|-
LOC|宏伟区|宏伟区|211004|-
LOC|工农街道|工农街道|211004001|-
LOC|日本|日本|-|-
LOC|沈阳|沈阳市|2101|-
LOC|美国|美国|-|-
LOC|萃萃湖社区|萃萃湖社区|-|-
LOC|辽阳|辽阳市|2110|-
LOC|辽阳市|辽阳市|2110|-
LOC|长征街道|长征街道|211004004|-
LOC|韩国|韩国|-|-
ORG|中国建设银行|中国建设银行|-|-
ORG|中科院|中国科学院|-|-
ORG|信德新材|辽宁信德新材料科技股份有限公司|-|-
ORG|宏伟公安分局|宏伟公安分局|-|-
ORG|宏伟区营商局|宏伟区营商局|-|-
ORG|工信部|工业和信息化部|-|-
ORG|沈阳工业大学|沈阳工业大学|-|-
ORG|深圳证券交易所|深圳证券交易所|-|-
ORG|港隆公司|辽阳港隆化工有限公司|-|-
ORG|科技部|科学技术部|-|-
ORG|精细化工国家重点实验室|精细化工国家重点实验室|-|-
ORG|芳烃技术研究院|芳烃技术研究院|-|-
ORG|辽宁信德新材料科技股份有限公司|辽宁信德新材料科技股份有限公司|-|-
ORG|辽宁港隆化工有限公司|辽宁港隆化工有限公司|-|-
ORG|辽宁石油化工大学|辽宁石油化工大学|-|-
ORG|辽阳市公安局|辽阳市公安局|-|-
ORG|辽阳市商务局|辽阳市商务局|-|-
ORG|辽阳港隆化工|辽阳港隆化工有限公司|-|-
ORG|辽阳港隆化工有限公司|辽阳港隆化工有限公司|-|-
ORG|辽阳高新产业投资发展集团\n\n公司|辽阳高新产业投资发展集团公司|-|-
PER|何琪|何琪|-|-
PER|姜辉|姜辉|-|-
PER|张继元|张继元|-|-
PER|滕学敏|滕学敏|-|-
PER|王玉兰|王玉兰|-|-
PER|王秀兰|王秀兰|-|-
PER|范世友|范世友|-|-
PER|许刚|许刚|-|reporter
ZONE|新能源电池材料产业园|新能源电池材料产业园|-|-
ZONE|辽阳芳烃基地|辽阳芳烃基地|-|-
ZONE|辽阳高新区|辽阳高新区|-|-
EOF
)"

subtest "places carry codes resolved from the article: 朝阳 is 朝阳市 (2113) in Liaoning, 龙城 is 龙城区"
expect_status 0 zp extract "$SEEDS"/000_*.txt
expect_eq "$(jq -r 'select(.kind=="entity" and .text=="朝阳") | [.name, .code] | @tsv' <<<"$STDOUT" | sort -u)" $'朝阳市\t2113'
expect_eq "$(jq -r 'select(.kind=="entity" and .text=="龙城") | [.name, .code] | @tsv' <<<"$STDOUT" | sort -u)" $'龙城区\t211303'

subtest "a shared short name without context keeps its written name and no code; with its city it is resolved"
printf '朝阳的天气很好。\n' > "$TMP/chaoyang1.txt"
printf '北京市朝阳区的居民说，朝阳的天气很好。\n' > "$TMP/chaoyang2.txt"
expect_eq "$(zp extract "$TMP/chaoyang1.txt" | jq -r 'select(.kind=="entity") | [.name, .code // "-"] | @tsv')" $'朝阳\t-'
expect_eq "$(zp extract "$TMP/chaoyang2.txt" | jq -r 'select(.kind=="entity" and .text=="朝阳") | [.name, .code] | @tsv')" $'朝阳区\t110105'

subtest "short company names after the full name are records of the full name"
expect_status 0 zp extract "$SEEDS"/004_*.txt
expect_eq "$(jq -r 'select(.kind=="entity" and (.text=="港隆公司" or .text=="信德新材")) | [.text, .name, .alias_of] | @tsv' <<<"$STDOUT" | sort -u)" \
    $'信德新材\t辽宁信德新材料科技股份有限公司\t辽宁信德新材料科技股份有限公司\n港隆公司\t辽阳港隆化工有限公司\t辽阳港隆化工有限公司'

subtest "fragments and generic phrases are not entities (seeds and corpus/)"
names=$(zp extract "$SEEDS"/*.txt corpus/*.txt | jq -r 'select(.kind=="entity") | .name')
for bad in 区委 有限公司 朝阳高新区管委会主任刘 科技创新是高新区 前三季度滨淮开发区 推动开发区 一门心思推动开发区 \
           朝阳7家省级开发区 朝阳市7家省级开发区 省级开发区 开发区管委会 开发区 高新区 阳市商务局 朝阳省级开发区 \
           正处级管委会 区委人才办 行走开发区 鼓励开发区 走进滨淮开发区 盐城市亭湖区东部走进滨淮开发区 谐高新区 \
           建特色主题园区 辽宁省特色产业园区 经济技术开发区 一核两园五基地 孵化基地 党工委 管理部 连日来 街道 城区 \
           涂布 分切 检测 光伏组件 水下机器人 电力公司 中东地区一家电力公司 合肥市 天元区 凌河区 新龙县 范镇; do
    grep -qxF -- "$bad" <<<"$names" && _fail "fragment '$bad' is an entity"
done
expect_no_match "$(zp extract "$SEEDS"/*.txt corpus/*.txt | jq -r 'select(.kind=="entity") | .name')" '^(走进|推动|打造|依托|困扰|按照|持续|引进)'

subtest "search filters on entity names: loc:, per:, org:, zone:"
DB62="$TMP/db62"
zp index -q --db "$DB62" "$SEEDS" >/dev/null 2>&1
docs() { zp search --db "$DB62" --format json "$@" | jq -r '.doc' | sed 's|.*/||' | sort | tr '\n' ' '; }
expect_eq "$(docs 'loc:宏伟区')" "004_b0269d6298c48e14.txt "
expect_eq "$(docs 'loc:朝阳市')" "000_4c77dbaab02a54b6.txt 001_201a132a17332222.txt 002_784ca2f8b721edea.txt 003_dee68bd4d83d9405.txt "
expect_eq "$(docs 'per:刘凤玉')" "000_4c77dbaab02a54b6.txt 001_201a132a17332222.txt "
expect_eq "$(docs 'org:辽阳港隆化工有限公司')" "004_b0269d6298c48e14.txt "
expect_eq "$(docs 'zone:喀左经济开发区')" "001_201a132a17332222.txt "
expect_eq "$(docs 'loc:辽阳市 per:许刚')" "004_b0269d6298c48e14.txt "

subtest "a names file added to a copy of the rules is used at once, without recompiling"
cp -r rules "$TMP/rules62"
printf '浪马轮胎\tORG\t\t朝阳浪马轮胎有限公司\n希波食品\tORG\n' > "$TMP/rules62/names/companies.names"
expect_status 0 zp rules check "$TMP/rules62"
expect_status 0 zp extract --rules "$TMP/rules62" "$SEEDS"/002_*.txt
expect_eq "$(jq -r 'select(.kind=="entity" and .text=="浪马轮胎") | [.type, .name, .rule] | @tsv' <<<"$STDOUT" | sort -u)" \
    $'ORG\t朝阳浪马轮胎有限公司\tlexicon:companies.names'
expect_status 0 zp extract --rules "$TMP/rules62" "$SEEDS"/000_*.txt
expect_eq "$(jq -r 'select(.kind=="entity" and .text=="希波食品") | .type' <<<"$STDOUT")" "ORG"

subtest "a malformed names file is reported with its file and line"
printf '浪马轮胎\tCOMPANY\n' > "$TMP/rules62/names/bad.names"
expect_status 1 zp rules check "$TMP/rules62"
expect_match "$STDERR" "bad.names:1: error: .*unknown type 'COMPANY'"
rm -f "$TMP/rules62/names/bad.names"
