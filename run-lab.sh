#!/usr/bin/env bash
# run-lab.sh: the learner's one entry point (see README.md).
#   ./run-lab.sh                     every lab's state on your labs/, and your progress
#   ./run-lab.sh NN [--reference]    lab NN's tests (and earlier labs' as regression) on labs/ (or core/)
#   ./run-lab.sh watch NN            run lab NN again whenever a file under labs/ changes
#   ./run-lab.sh solve NN            fill lab NN's methods in labs/ with the reference code
#   ./run-lab.sh reset NN            put lab NN's stubs back in labs/
#   ./run-lab.sh server [--labs] [--port N] [redis-server style options]
#                                    run the reference server (--labs: yours) on port 6380
#   ./run-lab.sh docs                build the course book and print where it is
#   ./run-lab.sh help                this text
# For maintainers: regenerate (labs/ from core/), check-course (what CI checks about the course),
#   check-snapshot NN (labs before NN filled in, against lessons 01..NN-1).
#
# How it is fast: Maven resolves the test libraries once (cached in target/run-lab/); after that
# labs/, the test kit and the lesson tests are compiled with javac only when a source changed, and
# the tests run in one JVM through the JUnit Platform (dev.rediscover.testing.LabRunner).
set -euo pipefail
cd "$(dirname "$0")"

cache=target/run-lab
tools_jar=tools/target/rediscover-tools.jar
core_jar=core/target/rediscover.jar

die() { echo "run-lab.sh: $*" >&2; exit 1; }

need_java() {
  command -v java >/dev/null 2>&1 \
    || die "no 'java' on PATH. Install a JDK 17 or newer (e.g. apt-get install openjdk-17-jdk)."
  local v
  v=$(java -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')
  if [ "${v%%.*}" -lt 17 ] 2>/dev/null; then
    die "Java $v found, but Rediscover needs Java 17 or newer (check JAVA_HOME and PATH)."
  fi
  command -v javac >/dev/null 2>&1 \
    || die "'java' is there but 'javac' is not: install a full JDK 17+, not only a runtime (e.g. openjdk-17-jdk)."
}

# ---- lessons and lab numbers --------------------------------------------------------------

# Every lesson folder's number, one per line: 01, 02, ...
lessons() { for d in lessons/[0-9][0-9]-*/; do [ -d "$d" ] && basename "$d" | cut -c1-2; done; }

lesson_dir() { local d; for d in lessons/"$1"-*/; do [ -d "$d" ] && { echo "${d%/}"; return; }; done; }

# "3" or "03" -> "03"; anything else, or a lab without a lesson, is refused with the list.
lab_number() {
  local n=$1
  [[ $n =~ ^[0-9]{1,2}$ ]] || die "'$n' is not a lab number. The labs are: $(lessons | tr '\n' ' ')"
  n=$(printf '%02d' "$((10#$n))")
  [ -n "$(lesson_dir "$n")" ] || die "there is no lab $n. The labs are: $(lessons | tr '\n' ' ')"
  echo "$n"
}

# The lessons up to and including NN.
# (Written with if, not `test && echo`: the function must not return the status of the last test.)
lessons_through() {
  local l
  for l in $(lessons); do
    if [ "$((10#$l))" -le "$((10#$1))" ]; then echo "$l"; fi
  done
}

# ---- building: once with Maven, then javac only when something changed -------------------

# True when the stamp is missing or anything in the given paths is newer than it.
stale() {
  local stamp=$1; shift
  [ ! -f "$stamp" ] && return 0
  [ -n "$(find "$@" -newer "$stamp" -print -quit 2>/dev/null)" ]
}

# The test libraries (JUnit, AssertJ, Jedis, ...) as a class path, resolved by Maven once.
deps_classpath() {
  local cp=lessons/target/lab-classpath.txt
  if stale "$cp" pom.xml lessons/pom.xml testkit/pom.xml core/pom.xml; then
    echo "First run: resolving the test libraries with Maven (once; later runs skip this)..." >&2
    ./mvnw -q -B -pl lessons -am test-compile -DskipTests >&2 \
      || die "Maven could not prepare the lessons (see above)."
    touch "$cp"   # the plugin leaves an unchanged file alone; mark it fresh
  fi
  cat "$cp"
}

# compile NAME OUTDIR CLASSPATH SRCDIR...: javac the .java files under the source dirs into OUTDIR
# when any of them (or the class path's own stamps) changed. A compile error is shown as is.
compile() {
  local name=$1 out=$2 cp=$3; shift 3
  local stamp=$out.stamp deps=()
  local e; IFS=: read -r -a deps <<< "$cp"
  local inputs=("$@")
  for e in "${deps[@]}"; do [ -f "$e.stamp" ] && inputs+=("$e.stamp"); done
  stale "$stamp" "${inputs[@]}" || return 0
  rm -rf "$out" "$stamp"; mkdir -p "$out"
  local files; files=$(find "$@" -name '*.java' | sort)
  [ -n "$files" ] || die "no Java sources under $*"
  # shellcheck disable=SC2086
  if ! javac -encoding UTF-8 --release 17 -proc:none -nowarn -Xmaxerrs 20 -d "$out" -cp "$cp" $files 2> "$out.log"; then
    echo "✗ cannot compile $name:" >&2
    sed 's/^/    /' "$out.log" >&2
    exit 1
  fi
  local d r
  for d in "$@"; do
    r=$(dirname "$d")/resources
    [ -d "$r" ] && cp -r "$r"/. "$out"/
  done
  touch "$stamp"
}

# engine_src NAME -> the source directory of an engine: labs (the learner's), reference (core/).
engine_src() {
  case "$1" in
    labs) echo labs/src/main/java ;;
    reference) echo core/src/main/java ;;
    snapshot-*) echo "$cache/snapshots/${1#snapshot-}/src/main/java" ;;
    *) die "unknown engine $1" ;;
  esac
}

engine_label() {
  case "$1" in
    labs) echo "your labs/" ;;
    reference) echo "the reference engine (core/)" ;;
    *) echo "$1" ;;
  esac
}

# test_classpath ENGINE: compile what is needed and print the class path that runs the lessons.
test_classpath() {
  local engine=$1 deps engine_out lessons_out kit_out src
  deps=$(deps_classpath)
  kit_out=$cache/testkit
  compile "the test kit" "$kit_out" "$deps" testkit/src/main/java
  src=$(engine_src "$engine")
  [ -d "$src" ] || die "$src is missing. (labs/ is generated: ./run-lab.sh regenerate)"
  engine_out=$cache/$engine/classes
  compile "$(engine_label "$engine")" "$engine_out" "$deps" "$src"
  lessons_out=$cache/$engine/lessons
  compile "the lesson tests" "$lessons_out" "$engine_out:$kit_out:$deps" lessons/*/src/test/java
  echo "$engine_out:$lessons_out:$kit_out:$deps"
}

# run_tests ENGINE [--summary] NN...: the lessons' tests on an engine, through LabRunner.
run_tests() {
  local engine=$1; shift
  local cp; cp=$(test_classpath "$engine")
  java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Drediscover.test.replyTimeoutMs="${reply_timeout_ms:-3000}" \
    -cp "$cp" dev.rediscover.testing.LabRunner "$@"
}

tools() {
  if stale "$tools_jar" tools/src tools/pom.xml; then
    echo "Building the course tool (./mvnw -q -f tools/pom.xml package)..." >&2
    ./mvnw -q -B -f tools/pom.xml package -DskipTests >&2 || die "could not build the course tool (see above)."
  fi
  java -jar "$tools_jar" "$@"
}

# ---- the commands -------------------------------------------------------------------------

# One lab's tests with the earlier labs' as regression.
cmd_lab() {
  local n engine=labs arg
  for arg in "$@"; do
    case "$arg" in
      --reference) engine=reference ;;
      -*) die "unknown option $arg for a lab run (try --reference)" ;;
      *) n=$(lab_number "$arg") ;;
    esac
  done
  [ -n "${n:-}" ] || die "which lab? e.g. ./run-lab.sh 01"
  local labs; labs=$(lessons_through "$n" | tr '\n' ' ')
  echo "Lab $n on $(engine_label "$engine")$( [ "$labs" != "$n " ] && echo ", with labs ${labs% $n } as regression")"
  local names=() l
  for l in $labs; do names+=("$(basename "$(lesson_dir "$l")")"); done
  run_tests "$engine" "${names[@]}"
}

# Every lab's state on labs/: not started (all stubs still there), failing, or passed.
cmd_status() {
  local all=() started=() l
  mapfile -t all < <(lessons)
  [ ${#all[@]} -gt 0 ] || die "no lessons found under lessons/"
  local methods; methods=$(lab_methods)
  local total_methods=0 written=0
  declare -A stubs count
  for l in "${all[@]}"; do
    count[$l]=$(grep -c "^$l " <<< "$methods" || true)
    # stubs left: "throw new LabNotDone(N, ..." in code, not in comments (LabNotDone.java shows one)
    stubs[$l]=$( (grep -rhE "throw new LabNotDone\($((10#$l)), \"" labs/src/main/java 2>/dev/null || true) \
      | grep -vE '^[[:space:]]*(\*|//)' | wc -l)
    total_methods=$((total_methods + count[$l]))
    written=$((written + count[$l] - stubs[$l]))
    if [ "${stubs[$l]}" -lt "${count[$l]}" ] || [ "${count[$l]}" -eq 0 ]; then started+=("$l"); fi
  done
  declare -A result
  if [ ${#started[@]} -gt 0 ]; then
    local line
    while read -r line; do
      set -- $line
      [ "$1" = lab ] && result[$2]="$3 $4"
    done < <(run_tests labs --summary "${started[@]}" || true)
  fi
  local passed=0 state p f next=""
  echo "Your labs/:"
  for l in "${all[@]}"; do
    if [ "${stubs[$l]}" -ge "${count[$l]}" ] && [ "${count[$l]}" -gt 0 ]; then
      state="not started  (${count[$l]} methods to write)"
    elif [ -z "${result[$l]:-}" ]; then
      state="failing      (the tests did not run: see ./run-lab.sh $l)"
    else
      read -r p f <<< "${result[$l]}"
      if [ "$f" -eq 0 ] && [ "$p" -gt 0 ]; then
        state="passed       ($p tests)"; passed=$((passed + 1))
      else
        state="failing      ($p of $((p + f)) tests pass; $((count[$l] - stubs[$l])) of ${count[$l]} methods written)"
      fi
    fi
    case "$state" in passed*) ;; *) [ -z "$next" ] && next=$l ;; esac
    printf '  %s %-14s %s\n' "$l" "$(basename "$(lesson_dir "$l")" | cut -c4-)" "$state"
  done
  local width=30 filled=$((passed * 30 / ${#all[@]}))
  printf '\n  [%s%s] %d of %d labs passed, %d of %d methods written\n' \
    "$(printf '%*s' "$filled" '' | tr ' ' '#')" "$(printf '%*s' "$((width - filled))" '' | tr ' ' '.')" \
    "$passed" "${#all[@]}" "$written" "$total_methods"
  if [ -n "$next" ]; then printf '  next: read %s/README.adoc, then ./run-lab.sh %s\n' "$(lesson_dir "$next")" "$next"
  else echo "  Every lab passes: the server in labs/ is yours (./run-lab.sh server --labs)."; fi
  return 0
}

# "NN Class.method file:line" for every lab method in core/, cached until core/ changes.
lab_methods() {
  local f=$cache/lab-methods.txt
  mkdir -p "$cache"
  if stale "$f" core/src/main/java; then tools list core/src/main > "$f.tmp" && mv "$f.tmp" "$f"; fi
  cat "$f"
}

cmd_watch() {
  [ $# -ge 1 ] || die "which lab? e.g. ./run-lab.sh watch 01"
  local n; n=$(lab_number "$1"); shift
  local stamp=$cache/watch.stamp
  mkdir -p "$cache"
  while true; do
    clear 2>/dev/null || true
    cmd_lab "$n" "$@" || true
    touch "$stamp"
    echo; echo "Watching labs/ and lessons/ (Ctrl-C to stop)..."
    if command -v inotifywait >/dev/null 2>&1; then
      inotifywait -qq -r -e close_write,create,delete,move labs/src lessons/[0-9][0-9]-* || true
      sleep 0.2   # let an editor finish writing its swap and backup files
    else
      until stale "$stamp" labs/src lessons/[0-9][0-9]-*; do sleep 1; done
    fi
  done
}

# JVM flags for the server (override with JAVA_OPTS). Serial GC: the server has one busy thread,
# and Serial's cheap write barrier and lack of concurrent GC threads beat G1 on small machines;
# young collections of a mostly-garbage nursery are short. -Xms avoids early heap resizing.
# bench/side-by-side.sh and bench/memory.sh use the same flags.
DEFAULT_JAVA_OPTS="-XX:+UseSerialGC -Xms256m"

cmd_server() {
  local engine=reference args=()
  while [ $# -gt 0 ]; do
    case "$1" in
      --labs) engine=labs ;;
      --reference) engine=reference ;;
      *) args+=("$1") ;;
    esac
    shift
  done
  # Default to port 6380 so a real Redis on 6379 can run beside it.
  if ! printf '%s\n' "${args[@]+"${args[@]}"}" | grep -qx -- '--port'; then args=(--port 6380 "${args[@]+"${args[@]}"}"); fi
  if [ "$engine" = reference ]; then
    if [ ! -f "$core_jar" ] || [ -n "$(find core/src/main core/pom.xml pom.xml -newer "$core_jar" -print -quit 2>/dev/null)" ]; then
      echo "Building the server (./mvnw -q -pl core -am package -DskipTests)..." >&2
      ./mvnw -q -B -pl core -am package -DskipTests
    fi
    # shellcheck disable=SC2086
    exec java ${JAVA_OPTS:-$DEFAULT_JAVA_OPTS} -jar "$core_jar" "${args[@]}"
  fi
  local deps; deps=$(deps_classpath)
  compile "your labs/" "$cache/labs/classes" "$deps" labs/src/main/java
  echo "Running your server from labs/ (commands of unfinished labs answer '-ERR lab NN is not done yet')" >&2
  # shellcheck disable=SC2086
  exec java ${JAVA_OPTS:-$DEFAULT_JAVA_OPTS} -cp "$cache/labs/classes" dev.rediscover.server.Main "${args[@]}"
}

cmd_docs() {
  echo "Building the book (./mvnw -q -pl docs package)..." >&2
  ./mvnw -q -B -pl docs package
  echo "The book:  docs/target/book/index.html"
  echo "As a PDF:  docs/target/book/rediscover.pdf"
}

# ---- maintainers: regenerate labs/, and what CI checks about the course ------------------

cmd_regenerate() {
  tools labs core labs
  echo "labs/ regenerated from core/ (commit it with core/)."
}

# One row of the check table; remembers a failure.
check_failed=0
row() { printf '  %-52s %s\n' "$1" "$2"; case "$2" in ok*) ;; *) check_failed=1 ;; esac; }

# summary ENGINE NN... -> "passed failed" over those labs
summary() {
  local engine=$1; shift
  local p=0 f=0 line
  : > "$cache.failures"
  while read -r line; do
    set -- $line
    [ "$1" = lab ] && { p=$((p + $3)); f=$((f + $4)); }
    [ "$1" = failed ] && echo "      $line" >> "$cache.failures"
  done < <(run_tests "$engine" --summary "$@" 2>&1 || true)
  echo "$p $f"
}

# After a row that expected every test to pass: name the ones that did not (at most 10).
show_failures() { [ "$1" -eq 0 ] || head -n 10 "$cache.failures"; }

cmd_check_course() {
  local all=() l p f
  mapfile -t all < <(lessons)
  echo "Course checks:"
  if tools check-labs core labs > "$cache.check-labs.log" 2>&1; then row "labs/ regenerates identically (tree and pom)" ok
  else cat "$cache.check-labs.log"; row "labs/ regenerates identically (tree and pom)" FAILED; fi
  for l in "${all[@]}"; do
    read -r p f <<< "$(summary reference "$l")"
    [ "$f" -eq 0 ] && [ "$p" -gt 0 ] && row "lesson $l passes on core/" "ok ($p tests)" || row "lesson $l passes on core/" "FAILED ($f of $((p + f)) fail)"
    show_failures "$f"
    read -r p f <<< "$(reply_timeout_ms=1000 summary labs "$l")"
    [ "$p" -eq 0 ] && [ "$f" -gt 0 ] && row "lesson $l fails on labs/" "ok (all $f fail)" || row "lesson $l fails on labs/" "FAILED ($p of $((p + f)) pass without the lab)"
  done
  local n next
  for l in "${all[@]}"; do
    n=$((10#$l))
    snapshot "$n"
    read -r p f <<< "$(reply_timeout_ms=1000 summary "snapshot-$(printf %02d "$n")" "$l")"
    [ "$p" -eq 0 ] && [ "$f" -gt 0 ] && row "lesson $l fails on snapshot $l" "ok (all $f fail)" || row "lesson $l fails on snapshot $l" "FAILED ($p of $((p + f)) pass)"
    next=$(printf %02d $((n + 1)))
    snapshot $((n + 1))
    # shellcheck disable=SC2046
    read -r p f <<< "$(summary "snapshot-$next" $(lessons_through "$l"))"
    [ "$f" -eq 0 ] && [ "$p" -gt 0 ] && row "snapshot $next (lab $l filled) passes lessons 01..$l" "ok ($p tests)" || row "snapshot $next (lab $l filled) passes lessons 01..$l" "FAILED ($f of $((p + f)) fail)"
    show_failures "$f"
  done
  if [ -f docs/target/book/index.html ] && [ -f docs/target/book/rediscover.pdf ]; then row "the book builds (HTML and PDF)" ok
  else row "the book builds (HTML and PDF)" "FAILED (run ./mvnw -pl docs package)"; fi
  [ "$check_failed" -eq 0 ] || die "course checks failed"
}

# snapshot N: core with labs >= N carved, under target/run-lab/snapshots/NN (made once per run).
snapshot() {
  local nn; nn=$(printf %02d "$1")
  local dir=$cache/snapshots/$nn/src/main
  if [ -z "${made_snapshots:-}" ] || [[ " $made_snapshots " != *" $nn "* ]]; then
    rm -rf "$cache/snapshots/$nn" "$cache/snapshot-$nn"
    mkdir -p "$dir"
    tools snapshot core/src/main "$dir" "$1" >/dev/null
    made_snapshots="${made_snapshots:-} $nn"
  fi
}

usage() { sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; }

cmd=${1:-status}
[ $# -gt 0 ] && shift
case "$cmd" in
  status) need_java; cmd_status ;;
  [0-9]|[0-9][0-9]) need_java; cmd_lab "$cmd" "$@" ;;
  watch) need_java; cmd_watch "$@" ;;
  solve|reset)
    need_java
    [ $# -eq 1 ] || die "usage: ./run-lab.sh $cmd NN"
    n=$(lab_number "$1")
    tools "$cmd" core/src/main labs/src/main "$((10#$n))"
    ;;
  server) need_java; cmd_server "$@" ;;
  docs) need_java; cmd_docs ;;
  regenerate) need_java; cmd_regenerate ;;
  check-course) need_java; mkdir -p "$cache"; cmd_check_course ;;
  check-snapshot)
    # Maintainers: snapshot NN (labs before NN filled) against lessons 01..NN-1, in full.
    need_java; mkdir -p "$cache"
    [ $# -eq 1 ] || die "usage: ./run-lab.sh check-snapshot NN"
    n=$((10#$(lab_number "$1"))); snapshot "$n"
    # shellcheck disable=SC2046
    run_tests "snapshot-$(printf %02d "$n")" $(lessons_through "$(printf %02d $((n - 1)))")
    ;;
  help|-h|--help) usage ;;
  *) echo "run-lab.sh: unknown command '$cmd'." >&2; usage >&2; exit 2 ;;
esac
