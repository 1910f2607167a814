# t70 — hostile input: every bad file, path, index or query gets a message
# naming it (file, line or byte offset) and what to do, the right exit
# status (0 ok, 1 failure, 2 usage, 3 some inputs refused), and leaves the
# index as it was.
#
# Sizes are chosen to keep this file under a minute (the 200 MB file is
# only refused here; see its subtest); T70_FILES=N sets the number of files
# of the many-small-files case.

H="$TMP/hostile"
mkdir -p "$H"
S0="$SEEDS/000_4c77dbaab02a54b6.txt"
LINE='朝阳高新区今年投资136亿元，增长15.4%，新增企业43家。'

# Root reads every file whatever its mode: run a command without the
# capabilities that let it (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH), so that
# chmod means what it says.  Empty when there is no way (then: skip).
NOCAP=""
if [ "$(id -u)" != 0 ]; then
    NOCAP="env"
elif command -v setpriv >/dev/null && setpriv --bounding-set -dac_override,-dac_read_search true 2>/dev/null; then
    NOCAP="setpriv --bounding-set -dac_override,-dac_read_search"
fi
zp_nocap() { $NOCAP $ZHPIPE_WRAP "$ZHPIPE" "$@"; }
# zp_limit SECONDS ARGS...: zhpipe that may not hang (a hang fails the test).
zp_limit() { local t=$1; shift; timeout "$t" $ZHPIPE_WRAP "$ZHPIPE" "$@"; }
note() { echo "  note   $*"; }
# Under ASan or valgrind memory and time are not the real ones.
case "$ZHPIPE $ZHPIPE_WRAP" in *asan*|*valgrind*) SANITIZED=1 ;; *) SANITIZED=0 ;; esac

# docs_of: the `doc` of each document record of JSON Lines on stdin.
docs_of() { jq -r 'select(.kind=="document") | .doc'; }

# ---------------------------------------------------------------- files

subtest "PNG, PDF and gzip files are refused by kind with what to do; the text file is still extracted (exit 3)"
printf '\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10' > "$H/photo.png"
printf '%%PDF-1.7\n%%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n' > "$H/report.pdf"
printf '%s\n' "$LINE" | gzip > "$H/article.txt.gz"
expect_status 3 zp extract "$H/photo.png" "$H/report.pdf" "$H/article.txt.gz" "$S0"
expect_match "$STDERR" 'photo\.png: refused: binary file, not text \(PNG\); zhpipe reads text files'
expect_match "$STDERR" 'report\.pdf: refused: binary file, not text \(PDF\); convert it to text first'
expect_match "$STDERR" 'article\.txt\.gz: refused: binary file, not text \(gzip\); an archive or compressed file: unpack it'
expect_eq "$(docs_of <<<"$STDOUT")" "$S0"

subtest "a text file with NUL bytes is refused with the offset of the first"
printf '%s\n' "$LINE" > "$H/nul.txt"; printf 'tail with a NUL \0 byte in it, and more text\n' >> "$H/nul.txt"
expect_status 3 zp extract "$H/nul.txt"
expect_match "$STDERR" "nul\.txt: refused: binary file, not text \(NUL bytes, first at byte offset $(( $(printf '%s\n' "$LINE" | wc -c) + 16 ))\)"

subtest "an empty file and files that are only a byte-order mark are refused as empty (exit 3)"
: > "$H/empty.txt"; printf '\xef\xbb\xbf' > "$H/bom8.txt"; printf '\xff\xfe' > "$H/bom16le.txt"; printf '\xfe\xff' > "$H/bom16be.txt"
expect_status 3 zp extract "$H/empty.txt" "$H/bom8.txt" "$H/bom16le.txt" "$H/bom16be.txt"
expect_match "$STDERR" 'empty\.txt: refused: empty file \(0 bytes\); nothing to extract'
for f in bom8 bom16le bom16be; do
    expect_match "$STDERR" "$f\\.txt: refused: empty file \\(only a byte-order mark, no text\\)"
done
expect_eq "$STDOUT" ""

subtest "truncated UTF-8: a warning with the byte offset, the record still produced (exit 0)"
{ printf '%s\n' "$LINE"; printf '第二行\xe6\x9c'; } > "$H/cut8.txt"
expect_status 0 zp extract "$H/cut8.txt"
expect_match "$STDERR" "cut8\\.txt: warning: [0-9]+ invalid UTF-8 byte sequence\\(s\\), first at byte offset $(( $(wc -c < "$H/cut8.txt") - 2 )); replaced by U\\+FFFD \\(the file ends inside a character: cut short\\?\\)"
expect_eq "$(jq -r 'select(.kind=="document") | .encoding' <<<"$STDOUT")" "UTF-8"
expect_eq "$(jq -r 'select(.kind=="figure" and .text=="136亿元") | .value' <<<"$STDOUT")" "13600000000"

subtest "a damaged byte inside UTF-8 text: its offset, and what to do if the file is in another encoding"
{ printf '%s\n' "$LINE"; printf '第二行\xff第三段，新增企业43家。\n'; } > "$H/damaged8.txt"
expect_status 0 zp extract "$H/damaged8.txt"
expect_match "$STDERR" "damaged8\\.txt: warning: 1 invalid UTF-8 byte sequence\\(s\\), first at byte offset $(( $(printf '%s\n第二行' "$LINE" | wc -c) )); replaced by U\\+FFFD \\(damaged bytes; if the file is in another encoding, name it with --encoding\\)"
expect_eq "$(jq -r 'select(.kind=="figure") | .text' <<<"$STDOUT" | grep -c '43家')" "2"

subtest "truncated GBK: a warning with the byte offset, GB18030 kept, records produced (exit 0)"
{ printf '%s\n' "$LINE" "这是一篇关于经济发展的文章，内容很长" | iconv -f UTF-8 -t GB18030; printf '\xb3'; } > "$H/cutgbk.txt"
expect_status 0 zp extract "$H/cutgbk.txt"
expect_match "$STDERR" "cutgbk\\.txt: warning: 1 invalid GB18030 byte sequence\\(s\\), first at byte offset $(( $(wc -c < "$H/cutgbk.txt") - 1 ))"
expect_eq "$(jq -r 'select(.kind=="document") | .encoding' <<<"$STDOUT")" "GB18030"
expect_eq "$(jq -r 'select(.kind=="figure" and .text=="136亿元") | [.start, .end] | @tsv' <<<"$STDOUT")" $'18\t25'

subtest "UTF-16 without a BOM (LE and BE) is detected; cut short, it is refused with the --encoding to use"
printf '%s\n' "$LINE" | iconv -f UTF-8 -t UTF-16LE > "$H/u16le.txt"
printf '%s\n' "$LINE" | iconv -f UTF-8 -t UTF-16BE > "$H/u16be.txt"
expect_status 0 zp extract "$H/u16le.txt" "$H/u16be.txt"
expect_eq "$(jq -r 'select(.kind=="document") | .encoding' <<<"$STDOUT" | tr '\n' ' ')" "UTF-16LE UTF-16BE "
expect_eq "$(jq -r 'select(.kind=="figure" and .text=="136亿元") | [.start, .end] | @tsv' <<<"$STDOUT" | sort -u)" $'18\t28'
head -c -1 "$H/u16le.txt" > "$H/u16cut.txt"
expect_status 3 zp extract "$H/u16cut.txt"
expect_match "$STDERR" 'u16cut\.txt: refused: .*looks like UTF-16LE cut short .*--encoding UTF-16LE'
expect_status 0 zp extract --encoding UTF-16LE "$H/u16cut.txt"
expect_match "$STDERR" "u16cut\\.txt: warning: 1 invalid UTF-16LE byte sequence\\(s\\), first at byte offset $(( $(wc -c < "$H/u16cut.txt") - 1 ))"

subtest "mixed encodings: UTF-8 lines and a GBK line are all decoded; the warning says mixed and names the line"
{ printf '%s\n' "标题：朝阳高新区建设" "$LINE"; printf '%s\n' "这一行是GBK编码的，新建厂房12万平方米。" | iconv -f UTF-8 -t GB18030
  printf '%s\n' "最后一行又是UTF-8。"; } > "$H/mixed.txt"
expect_status 0 zp extract "$H/mixed.txt"
expect_match "$STDERR" 'mixed\.txt: warning: mixed encodings: 1 line\(s\) decoded as GB18030, first at line 3; the rest is UTF-8'
expect_eq "$(jq -r 'select(.kind=="document") | [.encoding, .title] | @tsv' <<<"$STDOUT")" $'UTF-8\t标题：朝阳高新区建设'
expect_match "$(jq -r 'select(.kind=="figure") | .text' <<<"$STDOUT")" '^136亿元$'
expect_match "$(jq -r 'select(.kind=="figure") | .text' <<<"$STDOUT")" '^12万平方米$'

subtest "control characters: JSON stays valid, no escape sequence reaches the title, search or show"
printf '标题\x1b[31m红色\x1b]0;pwned\x07\n朝阳\x01\x02高新区投资\x0c136亿元\x7f，增长\r15.4%%。\x08\n' > "$H/ctl.txt"
expect_status 0 zp extract "$H/ctl.txt"
expect_match "$(jq -r 'select(.kind=="figure") | .text' <<<"$STDOUT")" '^136亿元$'
expect_match "$(jq -r 'select(.kind=="figure") | .text' <<<"$STDOUT")" '^15\.4%$'
expect_eq "$(jq -r 'select(.kind=="document") | .title' <<<"$STDOUT")" '标题[31m红色]0;pwned'
zp index -q --db "$H/ctl.db" "$H/ctl.txt" 2>/dev/null
expect_status 0 zp search --db "$H/ctl.db" 红色
expect_no_match "$(tr '\033\007' '!!' <<<"$STDOUT")" '!'
expect_status 0 zp show --db "$H/ctl.db" "$H/ctl.txt"
expect_no_match "$(tr '\001\002\033' '!!!' <<<"$STDOUT")" '!'
expect_match "$STDOUT" 'entity .*朝阳\\x01\\x02高新区'

# ---------------------------------------------------------------- sizes

subtest "a 200 MB one-line file is refused by the default --max-bytes, saying which value to give (exit 3)"
yes '这是一段很长的中文文字用来测试内存与速度，' | tr -d '\n' | head -c 200M > "$H/huge.txt"
expect_status 3 zp extract "$H/huge.txt" "$S0"
expect_match "$STDERR" 'huge\.txt: refused: file is 209715200 bytes \(200\.0 MiB\), over the --max-bytes limit of 33554432; raise it \(e\.g\. --max-bytes 256M\) or split the file'
expect_eq "$(docs_of <<<"$STDOUT")" "$S0"
rm -f "$H/huge.txt"
# Processing the 200 MB file with --max-bytes 256M works, but takes about
# 100 s and 7.6 GB of memory (every stage keeps per-byte source offsets:
# ~36 bytes per input byte); the same path is checked here on 6 MB.

subtest "a 6 MB one-line file: refused under --max-bytes 4M, extracted with --max-bytes 8M in bounded memory"
{ for _ in $(seq 3000); do printf '%s' "这是一段很长的中文文字用来测试内存与速度，"; done; printf '%s' "$LINE"; } > "$H/block"
for _ in $(seq 30); do cat "$H/block"; done > "$H/long.txt"
rm -f "$H/block"
size=$(wc -c < "$H/long.txt")
expect_status 3 zp extract --max-bytes 4M "$H/long.txt"
expect_match "$STDERR" 'over the --max-bytes limit of 4194304; raise it \(e\.g\. --max-bytes 8M\)'
if [ -x /usr/bin/time ]; then
    expect_status 0 /usr/bin/time -f 'maxrss_kb=%M' timeout 120 $ZHPIPE_WRAP "$ZHPIPE" extract -j 1 --max-bytes 8M "$H/long.txt"
    rss=$(grep -o 'maxrss_kb=[0-9]*' <<<"$STDERR" | cut -d= -f2)
    note "6 MB one-line file: max RSS $((rss / 1024)) MB"
    [ "$SANITIZED" = 1 ] || [ "${rss:-0}" -lt $((size / 1024 * 100)) ] || _fail "max RSS ${rss} kB is over 100 bytes per input byte"
else
    note "/usr/bin/time not installed: max RSS not measured"
    expect_status 0 zp_limit 120 extract -j 1 --max-bytes 8M "$H/long.txt"
fi
expect_eq "$(jq -r 'select(.kind=="figure" and .text=="136亿元") | .start' <<<"$STDOUT" | wc -l)" "30"
last=$(jq -r 'select(.kind=="figure" and .text=="43家") | [.start, .end] | @tsv' <<<"$STDOUT" | tail -1)
expect_eq "$(tail -c +$((${last%%$'\t'*} + 1)) "$H/long.txt" | head -c $((${last##*$'\t'} - ${last%%$'\t'*})))" "43家"

subtest "a 1 MB line of real news (the seeds, line breaks removed) is extracted, offsets exact at its end"
for _ in $(seq 13); do cat "$SEEDS"/*.txt; done | tr -d '\n' | head -c 1000000 > "$H/oneline.txt"
expect_status 0 zp_limit 120 extract -j 1 "$H/oneline.txt"
n=$(jq -r 'select(.kind=="figure")' <<<"$STDOUT" | grep -c '"kind"')
[ "$n" -gt 500 ] || _fail "only $n figures from 1 MB of news"
last=$(jq -r 'select(.kind=="figure") | [.start, .end, .text] | @tsv' <<<"$STDOUT" | sort -n | tail -1)
IFS=$'\t' read -r a b t <<<"$last"
expect_eq "$(tail -c +$((a + 1)) "$H/oneline.txt" | head -c $((b - a)))" "$t"

# On a file system mounted with `discard` (as the CI machine's is),
# unlinking costs ~3 ms a file: 100,000 files would take 5 minutes to
# delete.  On a tmpfs (root can mount one) they go away at once, and the
# full 100,000 are used (20,000 under ASan or valgrind, and without a
# tmpfs).  T70_FILES=N chooses.
M="$H/many"
mkdir -p "$M"
FILES=20000
if mount -t tmpfs -o size=1g tmpfs "$M" 2>/dev/null; then
    [ "$SANITIZED" = 1 ] || FILES=100000   # sanitizers: 3x slower
fi
FILES=${T70_FILES:-$FILES}
subtest "$FILES tiny files in one folder: indexed with exact summary counts, then skipped unread"
mountpoint -q "$M" || note "no tmpfs could be mounted: $FILES files on disk"
seq "$FILES" | awk '{print "第" $1 "号：朝阳投资" $1 "万元。"}' | (cd "$M" && split -l 1 -a 6 -d --additional-suffix=.txt - f)
t0=$(date +%s.%N)
expect_status 0 zp index -q --db "$H/many.db" "$M"
t1=$(date +%s.%N)
expect_match "$STDERR" "^zhpipe index: $FILES new, 0 changed, 0 unchanged, 0 removed, 0 refused; $FILES read"
expect_status 0 zp index -q --db "$H/many.db" "$M"
t2=$(date +%s.%N)
expect_match "$STDERR" "^zhpipe index: 0 new, 0 changed, $FILES unchanged, 0 removed, 0 refused; 0 read"
note "$FILES files: first run $(awk "BEGIN {printf \"%.1f\", $t1 - $t0}") s, unchanged run $(awk "BEGIN {printf \"%.1f\", $t2 - $t1}") s"
expect_status 0 zp search --db "$H/many.db" --format json "id:$M/f000042.txt"
expect_match "$STDOUT" '"title":"第43号：朝阳投资43万元。"'
rm -rf "$H/many.db"
umount "$M" 2>/dev/null || rm -rf "$M"

# ---------------------------------------------------------------- paths

subtest "symbolic link loops are named and skipped; the file is read once (exit 3)"
mkdir -p "$H/loops/sub"
printf '%s\n' "$LINE" > "$H/loops/a.txt"
ln -s . "$H/loops/loop"; ln -s .. "$H/loops/sub/up"; ln -s self "$H/loops/self"; ln -s gone "$H/loops/dangling"
expect_status 3 zp extract "$H/loops"
expect_eq "$(docs_of <<<"$STDOUT")" "$H/loops/a.txt"
expect_match "$STDERR" 'loops/loop: refused: symbolic link loop: .*loops/loop leads back to an ancestor folder'
expect_match "$STDERR" 'loops/sub/up: refused: symbolic link loop'
expect_match "$STDERR" 'loops/self: refused: symbolic link loop: .*leads back to itself through links; remove or fix the link'
expect_match "$STDERR" 'loops/dangling: refused: dangling symbolic link \(its target does not exist\)'

subtest "a file name that is not UTF-8 is refused with its bytes escaped; spaces and newlines in names are kept exactly"
mkdir -p "$H/names"
printf '%s\n' "$LINE" > "$H/names/gbk$(printf '\xb1\xa8\xb5\xc0').txt"
printf '%s\n' "$LINE" > "$H/names/with space.txt"
printf '%s\n' "$LINE" > "$H/names/new
line.txt"
expect_status 3 zp extract "$H/names"
expect_match "$STDERR" "refused: file name is not valid UTF-8 \\('.*names/gbk\\\\xb1\\\\xa8\\\\xb5\\\\xc0\\.txt'\\), so records could not name it; rename it to UTF-8 \\(.*convmv"
expect_eq "$(jq -c 'select(.kind=="document") | .doc' <<<"$STDOUT" | tr '\n' ' ')" "\"$H/names/new\\nline.txt\" \"$H/names/with space.txt\" "
expect_status 3 zp index --db "$H/names.db" "$H/names"
expect_match "$STDERR" '2 new, 0 changed, 0 unchanged, 0 removed, 1 refused; 2 read'
expect_status 0 zp show --db "$H/names.db" "$H/names/new
line.txt"
expect_match "$STDOUT" 'names/new\\nline\.txt'

subtest "unreadable files and folders are named with what to do; --prune keeps what it cannot see (exit 3)"
if [ -z "$NOCAP" ]; then
    note "skipped: running as root and setpriv cannot drop CAP_DAC_OVERRIDE, so chmod 000 does not stop reads"
else
    mkdir -p "$H/perm/locked"
    printf '%s\n' "$LINE" > "$H/perm/ok.txt"; printf '%s\n' "$LINE" > "$H/perm/secret.txt"
    printf '%s\n' "$LINE" > "$H/perm/locked/inside.txt"
    zp index -q --db "$H/perm.db" "$H/perm" 2>/dev/null
    chmod 000 "$H/perm/secret.txt" "$H/perm/locked"; touch "$H/perm/secret.txt"
    expect_status 3 zp_nocap extract "$H/perm"
    expect_match "$STDERR" 'perm/locked: refused: cannot read folder: Permission denied; its files are skipped \(check its permissions'
    expect_match "$STDERR" 'perm/secret\.txt: refused: cannot read: Permission denied \(check its permissions'
    expect_eq "$(docs_of <<<"$STDOUT")" "$H/perm/ok.txt"
    expect_status 3 zp_nocap index --prune --db "$H/perm.db" "$H/perm"
    expect_match "$STDERR" '0 new, 0 changed, 1 unchanged, 0 removed, 2 refused; 0 read'
    expect_no_match "$STDERR" 'removed \(the file no longer exists\)'
    expect_eq "$(zp stats --db "$H/perm.db" | awk '/^articles:/ {print $2}')" "3"
    chmod 755 "$H/perm/locked"; chmod 644 "$H/perm/secret.txt"
fi

subtest "a device or pipe named on the command line is refused, not read (no hang)"
mkfifo "$H/pipe"
expect_status 3 zp_limit 10 extract "$H/pipe" /dev/null
expect_match "$STDERR" 'pipe: refused: not a regular file \(a device, pipe or socket\)'
expect_match "$STDERR" '/dev/null: refused: not a regular file'
rm -f "$H/pipe"

# ---------------------------------------------------------------- the index

zp index -q --db "$H/db" "$S0" 2>/dev/null
before=$(zp export --db "$H/db" | md5sum)

subtest "a database path that is a file, or a folder that is no index: exit 1, named, nothing written"
echo "my notes" > "$H/notes.txt"
expect_status 1 zp index --db "$H/notes.txt" "$S0"
expect_match "$STDERR" 'notes\.txt is a file, not a zhpipe index \(an index is a folder; choose another --db\)'
expect_eq "$(cat "$H/notes.txt")" "my notes"
expect_status 1 zp search --db "$H/notes.txt" 朝阳
expect_match "$STDERR" 'notes\.txt is a file, not a zhpipe index nor a stub file listing shards'
: > "$H/empty.db"
expect_status 1 zp search --db "$H/empty.db" 朝阳
expect_match "$STDERR" 'empty\.db is an empty file, not a zhpipe index'
mkdir -p "$H/nodb"
expect_status 1 zp stats --db "$H/nodb"
expect_match "$STDERR" 'nodb is a folder but not a zhpipe index'

subtest "a read-only index: exit 1 saying read-only (not 'locked'); it is unchanged and still searchable"
if [ -z "$NOCAP" ]; then
    note "skipped: running as root and setpriv cannot drop CAP_DAC_OVERRIDE, so chmod a-w does not stop writes"
else
    chmod -R a-w "$H/db"
    expect_status 1 zp_nocap index --db "$H/db" "$H/cut8.txt"
    expect_match "$STDERR" 'index .*/db is read-only \(Permission denied\): it can be searched but not updated'
    expect_no_match "$STDERR" 'locked'
    expect_status 0 zp_nocap search --db "$H/db" 朝阳高新区
    chmod -R u+w "$H/db"
    expect_eq "$(zp export --db "$H/db" | md5sum)" "$before"
fi

subtest "a full disk: exit 1 with 'disk full', the index keeps its earlier content; with space the next run completes"
mkdir -p "$H/small"
if ! mount -t tmpfs -o size=2m tmpfs "$H/small" 2>/dev/null; then
    note "skipped: cannot mount a 2 MB tmpfs here (needs root with CAP_SYS_ADMIN)"
else
    zp index -q --db "$H/small/db" "$SEEDS" 2>/dev/null
    old=$(zp export --db "$H/small/db" | jq -c . | md5sum)
    head -300 "$SHARED/corpus/bench/xwlb-2017-2026.zh-Hans.jsonl" > "$H/feed300.jsonl"
    expect_status 1 zp index --batch 100 --db "$H/small/db" --jsonl "$H/feed300.jsonl"
    expect_match "$STDERR" 'disk full: .*index .*small/db \(.*No space left on device\)+; free some space .* and run again; the index keeps every batch committed before this'
    n=$(zp stats --db "$H/small/db" | awk '/^articles:/ {print $2}')
    [ $(( (n - 5) % 100 )) = 0 ] || _fail "$n articles: not the 5 seeds plus whole batches"
    xapian-check "$H/small/db" >/dev/null 2>&1 || _fail "xapian-check fails after the disk filled up"
    expect_eq "$(zp export --db "$H/small/db" | jq -c "select(.doc | startswith(\"$SEEDS\"))" | md5sum)" "$old"
    mount -o remount,size=64m "$H/small"
    expect_status 0 zp index -q --db "$H/small/db" --jsonl "$H/feed300.jsonl"
    expect_match "$STDERR" "$((305 - n)) new, 0 changed, $((n - 5)) unchanged"
    umount "$H/small"
fi

# ---------------------------------------------------------------- rules

mkdir -p "$H/rules"
cp "$ZHPIPE_RULES/units.conf" "$H/rules/"
rules_error() {  # rules_error 'rule file text' 'expected message ERE'
    printf '%b' "$1" > "$H/rules/bad.rules"
    expect_status 1 zp rules check "$H/rules"
    expect_match "$STDERR" "$2"
}

subtest "rule files: missing or unknown kind, unknown key and directive, stray indentation, bad UTF-8, cycles"
rules_error 'rule x\n  pattern [0-9]+元\n' 'bad\.rules:1: error: rule x: missing .kind.'
rules_error 'rule x\n  kind money\n  pattern [0-9]+元\n' "bad\\.rules:2: error: rule x: unknown kind 'money' \\(figure, date or entity\\)"
rules_error 'rule x\n  kind figure\n  colour red\n  pattern [0-9]+\n' "bad\\.rules:3: error: rule x: unknown key 'colour'"
rules_error 'rul x\n  kind figure\n' "bad\\.rules:1: error: unknown directive 'rul'"
rules_error '  kind figure\n' 'bad\.rules:1: error: indented line outside a rule block'
rules_error 'rule x\n  kind figure\n  pattern \xff\xfe\n' 'bad\.rules:3: error: not valid UTF-8'
rules_error 'define A {B}\ndefine B {A}\nrule x\n  kind figure\n  pattern {A}\n' 'bad\.rules:3: error: rule x: definitions nest more than [0-9]+ deep \(a cycle\?\)'
rules_error 'define A x\ndefine A y\nrule x\n  kind figure\n  pattern {A}\n' "bad\\.rules:2: error: duplicate definition 'A' \\(first at .*bad\\.rules:1\\)"
rules_error 'rule x\n  kind entity\n  pattern [0-9]+\n' "bad\\.rules:1: error: rule x: entity rules need a 'type'"

subtest "a bad units.conf line, an empty and a missing rule folder are named; extract refuses to run (exit 1)"
printf 'rule q\n  kind figure\n  pattern (?<num>[0-9]+)(?<unit>{@units})\n' > "$H/rules/bad.rules"
echo 'unit 头牛' >> "$H/rules/units.conf"
expect_status 1 zp rules check "$H/rules"
expect_match "$STDERR" "units\\.conf:$(wc -l < "$H/rules/units.conf"): error: a unit is 'unit SURFACE CANONICAL DIMENSION \\[FACTOR\\]'"
mkdir -p "$H/norules"
expect_status 1 zp rules check "$H/norules"
expect_match "$STDERR" 'norules: error: no \*\.rules files in the rule directory'
expect_status 1 zp extract --rules "$H/nowhere" "$S0"
expect_match "$STDERR" 'nowhere: error: cannot open rule directory: No such file or directory'
expect_eq "$STDOUT" ""

subtest "a catastrophically backtracking rule: a warning naming the rule, its file:line and the article; other records kept"
rm -rf "$H/evil"; cp -r "$ZHPIPE_RULES" "$H/evil"
n=$(( $(wc -l < "$H/evil/figures.rules") + 2 ))   # the line of "rule evil.backtrack"
printf '\nrule evil.backtrack\n  kind     figure\n  pattern  (?<num>(?:a|a)+)c\n' >> "$H/evil/figures.rules"
{ printf '%s\n' "$LINE"; for _ in 1 2 3; do head -c 20000 /dev/zero | tr '\0' a; echo 'bc'; done; printf '%s\n' "企业共43家。"; } > "$H/aaaa.txt"
expect_status 0 zp_limit 60 extract --rules "$H/evil" "$H/aaaa.txt"
expect_match "$STDERR" "evil/figures\\.rules:$n: warning: rule evil\\.backtrack hit the PCRE2 match limit \\(catastrophic backtracking\\?\\); skipped where it did \\(in .*aaaa\\.txt\\)"
expect_eq "$(grep -c 'evil.backtrack' <<<"$STDERR")" "1"
expect_eq "$(zp extract "$H/aaaa.txt" 2>/dev/null | jq -c 'select(.kind!="document")' | md5sum)" \
          "$(jq -c 'select(.kind!="document")' <<<"$STDOUT" | md5sum)"
expect_match "$(jq -r 'select(.kind=="figure") | .text' <<<"$STDOUT")" '^43家$'

# ---------------------------------------------------------------- queries

subtest "search: unbalanced quotes and parentheses, unknown fields are reported with their column (exit 1)"
expect_status 1 zp search --db "$H/db" '朝阳 "高新区'
expect_match "$STDERR" 'bad query: unbalanced quote: the " at column 4 is never closed'
expect_status 1 zp search --db "$H/db" '(朝阳 OR 钢铁'
expect_match "$STDERR" "bad query: unbalanced parenthesis: the '\\(' at column 1 is never closed"
expect_status 1 zp search --db "$H/db" '朝阳)'
expect_match "$STDERR" "the '\\)' at column 3 closes nothing"
expect_status 1 zp search --db "$H/db" '投资 company:浪马'
expect_match "$STDERR" "bad query: unknown field 'company:' at column 4; fields are: .*org:"
expect_status 1 zp search --db "$H/db" 'OR'
expect_match "$STDERR" 'bad query: Syntax: <expression> OR <expression>'

subtest "search: absurd date ranges name the bound that is not a date, or say the range is empty (exit 1)"
expect_status 1 zp search --db "$H/db" 'date:99999..0'
expect_match "$STDERR" "bad query: date:99999\\.\\.0: '99999' is not a date \\(YYYY, YYYY-MM or YYYY-MM-DD"
expect_status 1 zp search --db "$H/db" 'date:2024-13..2024-14'
expect_match "$STDERR" "'2024-13' is not a date"
expect_status 1 zp search --db "$H/db" 'date:2024..2021'
expect_match "$STDERR" 'empty date range date:2024\.\.2021: the start is after the end'
expect_status 2 zp search --db "$H/db" --limit 99999999999 朝阳
expect_match "$STDERR" '--limit takes a number from 0 to 10000'
expect_status 1 zp search --db "$H/db" --since 2024-02-30x 朝阳
expect_match "$STDERR" '--since and --until take a valid date'

subtest "records: absurd value ranges and unknown fields are refused with the condition named (exit 1)"
expect_status 1 zp records --db "$H/db" 'value:99999..0'
expect_match "$STDERR" 'bad query: value:99999\.\.0 is an empty range \(the start is above the end\)'
expect_status 1 zp records --db "$H/db" 'value:1e999..'
expect_match "$STDERR" "value: '1e999\\.\\.' is not a number or a range A\\.\\.B"
expect_status 1 zp records --db "$H/db" 'year:abc..def'
expect_match "$STDERR" "year: 'abc\\.\\.def' is not a number"
expect_status 1 zp records --db "$H/db" 'colour:red'
expect_match "$STDERR" "unknown record field 'colour:'"
expect_status 0 zp records --db "$H/db" 'value:-inf..inf unit:元'
expect_match "$STDOUT" '"text":"136亿元"'

subtest "after every failure above, the index is exactly as it was"
expect_eq "$(zp export --db "$H/db" | md5sum)" "$before"
