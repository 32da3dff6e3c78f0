#!/usr/bin/env bash
# Wharf as a mirror against distribution 2.8's proxy mode, same machine, same run, same upstream.
#
#   bench/mirror.sh [blob-size-MiB]      (default 64)
#
# One upstream distribution ("docker-registry serve") holds the test images; distribution in
# proxy mode and Wharf (Tomcat via Cargo) both mirror it, each over its own empty data directory.
# Every cold scenario uses blobs neither mirror has seen, so caches are cold without restarts.
# Upstream transfers are counted from the upstream's request log. Results go to stdout and to
# bench/results/<date>-<time>.md. Ratios are distribution / Wharf: above 1 means Wharf is faster.
#
# Environment knobs: COLD_RUNS (cold single GETs per mirror, default 3), CONCURRENCY (default 8),
# CONC_RUNS (rounds of concurrent cold GETs per mirror, a different blob each, default 3),
# WARM_RUNS (default 20), PULL_RUNS (cold image pulls per mirror, default 3), ORDER (which mirror
# is measured first, default "dist wharf"), SKIP_BUILD=1 (use the WAR already in target/), KEEP=1
# (keep the temp directory and logs; also kept when the run fails).
set -euo pipefail

BLOB_MIB=${1:-64}
COLD_RUNS=${COLD_RUNS:-3}
CONCURRENCY=${CONCURRENCY:-8}
WARM_RUNS=${WARM_RUNS:-20}
CONC_RUNS=${CONC_RUNS:-3}
PULL_RUNS=${PULL_RUNS:-3}
ORDER=${ORDER:-dist wharf}
CARGO_PORTS=(18205 18209)   # fixed in pom.xml (cargo.rmi.port, cargo.tomcat.ajp.port)

case $BLOB_MIB in ''|*[!0-9]*) echo "usage: $0 [blob-size-MiB]" >&2; exit 2;; esac
[ "$BLOB_MIB" -ge 1 ] || { echo "blob size must be at least 1 MiB" >&2; exit 2; }

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(dirname "$BENCH_DIR")

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# ---------------------------------------------------------------- prerequisites
missing=()
for cmd in docker-registry skopeo curl python3 mvn java sha256sum setsid; do
    command -v "$cmd" >/dev/null 2>&1 || missing+=("$cmd")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "missing: ${missing[*]}" >&2
    echo "install with: apt-get install docker-registry skopeo curl python3 maven openjdk-17-jdk-headless util-linux coreutils" >&2
    exit 1
fi
if command -v hyperfine >/dev/null 2>&1; then
    HYPERFINE=1
else
    HYPERFINE=0
    log "hyperfine not found (apt-get install hyperfine): warm GETs and pulls are timed with date deltas"
fi

# ---------------------------------------------------------------- processes and cleanup
WORK=$(mktemp -d "${TMPDIR:-/tmp}/wharf-bench.XXXXXX")
PIDS=()   # each started with setsid: pid == process group id, so the group is stopped as a whole

stop_group() {
    local pid=$1 i
    kill -0 "$pid" 2>/dev/null || return 0
    kill -TERM -- "-$pid" 2>/dev/null || true
    for i in $(seq 1 60); do
        kill -0 -- "-$pid" 2>/dev/null || return 0
        sleep 0.5
    done
    kill -KILL -- "-$pid" 2>/dev/null || true
}

cleanup() {
    local rc=$? pid
    trap - EXIT INT TERM
    for pid in "${PIDS[@]}"; do stop_group "$pid"; done
    if [ "${KEEP:-0}" = 1 ] || [ $rc -ne 0 ]; then
        log "logs and data kept in $WORK"
    else
        rm -rf "$WORK"
    fi
    exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# start LOGFILE CMD...: runs CMD in its own session (process group) in the background
start() {
    local out=$1; shift
    setsid "$@" >"$out" 2>&1 </dev/null &
    PIDS+=($!)
    LAST_PID=$!
}

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

port_in_use() {
    python3 - "$1" <<'PY'
import socket, sys
s = socket.socket()
try:
    s.bind(("", int(sys.argv[1])))
except OSError:
    sys.exit(0)
sys.exit(1)
PY
}

# wait_http URL SECONDS PID NAME
wait_http() {
    local url=$1 secs=$2 pid=$3 name=$4 i
    for i in $(seq 1 $((secs * 4))); do
        curl -sf -o /dev/null --max-time 2 "$url" && return 0
        kill -0 "$pid" 2>/dev/null || return 1
        sleep 0.25
    done
    die "$name did not answer $url within ${secs}s"
}

now() { date +%s.%N; }
fsub() { python3 -c "import sys; print(f'{float(sys.argv[1]) - float(sys.argv[2]):.6f}')" "$1" "$2"; }

for p in "${CARGO_PORTS[@]}"; do
    port_in_use "$p" && die "port $p is in use; Cargo's Tomcat needs it (pom.xml), stop whatever holds it"
done

# ---------------------------------------------------------------- distribution
dist_config() {  # dist_config FILE PORT ROOT [REMOTEURL]
    cat >"$1" <<EOF
version: 0.1
log:
  level: info
  formatter: json
  accesslog:
    disabled: true
storage:
  cache:
    blobdescriptor: inmemory
  filesystem:
    rootdirectory: $3
http:
  addr: 127.0.0.1:$2
EOF
    if [ -n "${4:-}" ]; then
        printf 'proxy:\n  remoteurl: %s\n' "$4" >>"$1"
    fi
}

UP_PORT=$(free_port)
UP_LOG=$WORK/upstream.log
mkdir -p "$WORK/upstream"
dist_config "$WORK/upstream.yml" "$UP_PORT" "$WORK/upstream"
start "$UP_LOG" docker-registry serve "$WORK/upstream.yml"
UP_PID=$LAST_PID
wait_http "http://127.0.0.1:$UP_PORT/v2/" 30 "$UP_PID" upstream || die "upstream failed to start: $(tail -5 "$UP_LOG")"
log "upstream distribution on :$UP_PORT"
UP=http://127.0.0.1:$UP_PORT

# ---------------------------------------------------------------- test content
# One OCI layout, one image per tag, each with one gzip tar layer holding BLOB_MIB of random bytes
# (plus a config): warmup (1 MiB), one1..N (cold single GET), many (concurrent GET), pull1..N.
IMAGES=(warmup)
for i in $(seq 1 "$COLD_RUNS"); do IMAGES+=("one$i"); done
for i in $(seq 1 "$CONC_RUNS"); do IMAGES+=("many$i"); done
for i in $(seq 1 "$PULL_RUNS"); do IMAGES+=("pull$i"); done

log "writing ${#IMAGES[@]} test images (layers of $BLOB_MIB MiB of random data) as an OCI layout"
python3 - "$WORK/layout" "$BLOB_MIB" "${IMAGES[@]}" >"$WORK/layers.txt" <<'PY'
import gzip, hashlib, io, json, os, sys, tarfile
layout, mib, names = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
blobs = os.path.join(layout, "blobs", "sha256")
os.makedirs(blobs, exist_ok=True)

def put(data):
    d = hashlib.sha256(data).hexdigest()
    with open(os.path.join(blobs, d), "wb") as f:
        f.write(data)
    return d

index = []
for name in names:
    size = (1 if name == "warmup" else mib) << 20
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as tar:
        info = tarfile.TarInfo("data-" + name)
        info.size, info.mode, info.mtime = size, 0o644, 0
        tar.addfile(info, io.BytesIO(os.urandom(size)))
    tar_bytes = buf.getvalue()
    layer = gzip.compress(tar_bytes, compresslevel=1, mtime=0)
    layer_digest = put(layer)
    config = json.dumps({
        "architecture": "amd64", "os": "linux", "config": {},
        "rootfs": {"type": "layers", "diff_ids": ["sha256:" + hashlib.sha256(tar_bytes).hexdigest()]},
    }, separators=(",", ":")).encode()
    config_digest = put(config)
    manifest = json.dumps({
        "schemaVersion": 2,
        "mediaType": "application/vnd.oci.image.manifest.v1+json",
        "config": {"mediaType": "application/vnd.oci.image.config.v1+json",
                   "digest": "sha256:" + config_digest, "size": len(config)},
        "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip",
                    "digest": "sha256:" + layer_digest, "size": len(layer)}],
    }, separators=(",", ":")).encode()
    manifest_digest = put(manifest)
    index.append({"mediaType": "application/vnd.oci.image.manifest.v1+json",
                  "digest": "sha256:" + manifest_digest, "size": len(manifest),
                  "annotations": {"org.opencontainers.image.ref.name": name}})
    print(name, layer_digest, len(layer))

with open(os.path.join(layout, "index.json"), "w") as f:
    json.dump({"schemaVersion": 2, "manifests": index}, f)
with open(os.path.join(layout, "oci-layout"), "w") as f:
    json.dump({"imageLayoutVersion": "1.0.0"}, f)
PY

declare -A LAYER LAYER_SIZE
while read -r name digest size; do
    LAYER[$name]=$digest
    LAYER_SIZE[$name]=$size
done <"$WORK/layers.txt"

log "pushing them to the upstream with skopeo"
for name in "${IMAGES[@]}"; do
    skopeo copy -q --dest-tls-verify=false "oci:$WORK/layout:$name" "docker://127.0.0.1:$UP_PORT/bench/$name:latest" \
        >>"$WORK/push.log" 2>&1 || die "skopeo push of $name failed: $(tail -5 "$WORK/push.log")"
    code=$(curl -s -o /dev/null -w '%{http_code}' -I "$UP/v2/bench/$name/blobs/sha256:${LAYER[$name]}")
    [ "$code" = 200 ] || die "upstream does not have the layer of $name after the push (HEAD $code)"
done
rm -rf "$WORK/layout"

# ---------------------------------------------------------------- the mirrors
DIST_PORT=$(free_port)
mkdir -p "$WORK/dist-data"
dist_config "$WORK/dist-proxy.yml" "$DIST_PORT" "$WORK/dist-data" "$UP"
start "$WORK/dist-proxy.log" docker-registry serve "$WORK/dist-proxy.yml"
DIST_PID=$LAST_PID
wait_http "http://127.0.0.1:$DIST_PORT/v2/" 30 "$DIST_PID" "distribution proxy" \
    || die "distribution proxy failed to start: $(tail -5 "$WORK/dist-proxy.log")"
log "distribution proxy on :$DIST_PORT"

if [ "${SKIP_BUILD:-0}" != 1 ]; then
    log "building Wharf (mvn package)"
    (cd "$REPO_DIR" && { mvn -q -o -DskipTests package >"$WORK/build.log" 2>&1 \
        || mvn -q -DskipTests package >>"$WORK/build.log" 2>&1; }) || die "build failed: $(tail -20 "$WORK/build.log")"
fi
[ -f "$REPO_DIR/target/wharf.war" ] || die "no target/wharf.war"

WHARF_PORT=$(free_port)
mkdir -p "$WORK/wharf-data"
start_wharf() {  # start_wharf [-o]
    (cd "$REPO_DIR"
     export REGISTRY_PROXY_REMOTEURL=$UP REGISTRY_STORAGE_FILESYSTEM_ROOTDIRECTORY=$WORK/wharf-data
     start "$WORK/wharf.log" mvn "$@" -DskipTests cargo:run -Dwharf.port="$WHARF_PORT"
     echo "$LAST_PID" >"$WORK/wharf.pid")
    WHARF_PID=$(cat "$WORK/wharf.pid")
    PIDS+=("$WHARF_PID")
}
log "starting Wharf (mvn cargo:run) on :$WHARF_PORT"
start_wharf -o
if ! wait_http "http://127.0.0.1:$WHARF_PORT/v2/" 240 "$WHARF_PID" Wharf; then
    log "offline cargo:run failed, retrying online"
    start_wharf
    wait_http "http://127.0.0.1:$WHARF_PORT/v2/" 240 "$WHARF_PID" Wharf || die "Wharf failed to start: $(tail -20 "$WORK/wharf.log")"
fi
log "Wharf up"

# ---------------------------------------------------------------- measuring helpers
# upstream_count OFFSET DIGEST: "GETs HEADs non2xx GET-seconds" for /blobs/sha256:DIGEST logged after
# byte OFFSET (GET-seconds: the summed durations the upstream logged for those GETs)
upstream_count() {
    python3 - "$UP_LOG" "$1" "$2" <<'PY'
import json, re, sys
path, offset, digest = sys.argv[1], int(sys.argv[2]), sys.argv[3]
UNITS = {"h": 3600, "m": 60, "s": 1, "ms": 1e-3, "us": 1e-6, "µs": 1e-6, "ns": 1e-9}
def seconds(go_duration):
    return sum(float(n) * UNITS[u] for n, u in re.findall(r"([0-9.]+)(h|ms|µs|us|ns|m|s)", str(go_duration)))
gets = heads = bad = 0
get_seconds = 0.0
with open(path, "rb") as f:
    f.seek(offset)
    for line in f:
        try:
            e = json.loads(line)
        except ValueError:
            continue
        if not str(e.get("msg", "")).startswith("response completed"):
            continue
        if not str(e.get("http.request.uri", "")).split("?")[0].endswith("/blobs/sha256:" + digest):
            continue
        method = e.get("http.request.method")
        if method == "GET":
            gets += 1
            get_seconds += seconds(e.get("http.response.duration", ""))
        elif method == "HEAD":
            heads += 1
        if not 200 <= int(e.get("http.response.status", 0) or 0) < 300:
            bad += 1
print(gets, heads, bad, f"{get_seconds:.6f}")
PY
}
log_offset() { stat -c %s "$UP_LOG"; }

# settle ROOT DIGEST...: wait until the mirror has committed the blobs to disk (at most 60 s), then
# until the upstream log has been quiet for 1 s, so that background transfers are counted.
settle() {
    local root=$1 d i size
    shift
    for d in "$@"; do
        for i in $(seq 1 240); do
            [ -f "$root/docker/registry/v2/blobs/sha256/${d:0:2}/$d/data" ] && break
            sleep 0.25
        done
    done
    size=-1
    for i in $(seq 1 60); do
        [ "$(log_offset)" = "$size" ] && break
        size=$(log_offset)
        sleep 1
    done
}
is_cached() { [ -f "$1/docker/registry/v2/blobs/sha256/${2:0:2}/$2/data" ] && echo yes || echo no; }

# fetch URL FILE: prints "http_code time_total"
fetch() { curl -sS -o "$2" -w '%{http_code} %{time_total} %{time_starttransfer}\n' "$1"; }
sha_ok() { [ "$(sha256sum "$1" | cut -d' ' -f1)" = "$2" ]; }

RESULTS=$WORK/results.txt
: >"$RESULTS"
put() { echo "$1=$2" >>"$RESULTS"; }

# ---------------------------------------------------------------- the scenarios
bench_mirror() {  # bench_mirror KEY PORT ROOT
    local key=$1 port=$2 root=$3 base="http://127.0.0.1:$2/v2/bench" out=$WORK/out-$1
    local off i d code t ttfb us ttfbs=() times=() ok=1 gets=0 heads=0 bad=0 g h b cached=yes upsecs=0
    mkdir -p "$out"

    # Warm-up, not measured: the same small cold pull through each mirror, then its layer ten times
    # from the cache (JIT, connection pools), so that neither is measured straight after startup.
    skopeo copy -q --src-tls-verify=false "docker://127.0.0.1:$port/bench/warmup:latest" "dir:$out/warmup" \
        >>"$WORK/skopeo.log" 2>&1 || die "$key: warm-up pull failed: $(tail -5 "$WORK/skopeo.log")"
    for i in $(seq 1 10); do
        curl -sf -o /dev/null "$base/warmup/blobs/sha256:${LAYER[warmup]}" || die "$key: warm-up GET failed"
    done

    # a. one cold blob GET, COLD_RUNS times with a different blob each time
    log "$key: a. cold single GET x$COLD_RUNS"
    for i in $(seq 1 "$COLD_RUNS"); do
        d=${LAYER[one$i]}
        off=$(log_offset)
        read -r code t ttfb < <(fetch "$base/one$i/blobs/sha256:$d" "$out/one$i") || true
        [ "$code" = 200 ] && sha_ok "$out/one$i" "$d" || { ok=0; log "$key: cold GET one$i: HTTP $code or wrong sha256"; }
        times+=("$t"); ttfbs+=("$ttfb")
        settle "$root" "$d"
        read -r g h b us < <(upstream_count "$off" "$d") || true
        gets=$((gets + g)); heads=$((heads + h)); bad=$((bad + b))
        upsecs=$(python3 -c "print($upsecs + ${us:-0})")
        [ "$(is_cached "$root" "$d")" = yes ] || cached=no
        rm -f "$out/one$i"
    done
    put "$key.a.times" "$(IFS=,; echo "${times[*]}")"
    put "$key.a.ttfb" "$(IFS=,; echo "${ttfbs[*]}")"
    put "$key.a.upsecs" "$upsecs"
    put "$key.a.gets" "$gets"; put "$key.a.heads" "$heads"; put "$key.a.bad" "$bad"
    put "$key.a.ok" "$ok"; put "$key.a.cached" "$cached"

    # b. CONCURRENCY concurrent cold GETs of one blob, CONC_RUNS rounds with a different blob each:
    # one curl process running all transfers at once (--parallel-immediate: each on its own
    # connection from the start; separate curl processes start too far apart on a loaded 2-core
    # machine to overlap with a fast fill)
    log "$key: b. $CONCURRENCY concurrent cold GETs x$CONC_RUNS"
    local args=() t0 t1 j
    times=(); ok=1; gets=0; heads=0; bad=0; cached=yes; upsecs=0
    for j in $(seq 1 "$CONC_RUNS"); do
        d=${LAYER[many$j]}
        args=()
        for i in $(seq 1 "$CONCURRENCY"); do args+=(-o "$out/many$i" "$base/many$j/blobs/sha256:$d"); done
        off=$(log_offset)
        t0=$(now)
        curl -sS --parallel --parallel-immediate --parallel-max "$CONCURRENCY" \
            -w '%{http_code} %{time_total} %{filename_effective}\n' "${args[@]}" >"$out/many.w" 2>&1 || ok=0
        t1=$(now)
        times+=("$(fsub "$t1" "$t0")")
        [ "$(grep -c '^200 ' "$out/many.w")" = "$CONCURRENCY" ] || { ok=0; log "$key: concurrent GETs: $(cat "$out/many.w")"; }
        for i in $(seq 1 "$CONCURRENCY"); do
            sha_ok "$out/many$i" "$d" || { ok=0; log "$key: concurrent GET $i of many$j: wrong sha256"; }
            rm -f "$out/many$i"
        done
        settle "$root" "$d"
        read -r g h b us < <(upstream_count "$off" "$d") || true
        gets=$((gets + g)); heads=$((heads + h)); bad=$((bad + b))
        upsecs=$(python3 -c "print($upsecs + ${us:-0})")
        [ "$(is_cached "$root" "$d")" = yes ] || cached=no
    done
    put "$key.b.times" "$(IFS=,; echo "${times[*]}")"
    put "$key.b.upsecs" "$upsecs"
    put "$key.b.gets" "$gets"; put "$key.b.heads" "$heads"; put "$key.b.bad" "$bad"
    put "$key.b.ok" "$ok"; put "$key.b.cached" "$cached"

    # c. warm GET (the blob of a., now cached)
    log "$key: c. warm GET x$WARM_RUNS"
    d=${LAYER[one1]}
    local url="$base/one1/blobs/sha256:$d"
    off=$(log_offset)
    read -r code t _ < <(fetch "$url" "$out/warm") || true
    ok=1
    [ "$code" = 200 ] && sha_ok "$out/warm" "$d" || ok=0
    rm -f "$out/warm"
    if [ $HYPERFINE = 1 ]; then
        hyperfine -N --style basic --warmup 2 --runs "$WARM_RUNS" --export-json "$out/warm.json" \
            "curl -sf -o /dev/null $url" >>"$WORK/hyperfine.log" 2>&1 || die "$key: warm GET failed"
        put "$key.c.json" "$out/warm.json"
    else
        times=()
        for i in $(seq 1 "$WARM_RUNS"); do
            read -r code t _ < <(fetch "$url" /dev/null) || true
            [ "$code" = 200 ] || ok=0
            times+=("$t")
        done
        put "$key.c.times" "$(IFS=,; echo "${times[*]}")"
    fi
    read -r g h b us < <(upstream_count "$off" "$d") || true
    put "$key.c.gets" "$g"; put "$key.c.ok" "$ok"

    # d. full pull of a cold image with skopeo, PULL_RUNS times, a different image each time
    log "$key: d. cold image pull x$PULL_RUNS"
    echo 0 >"$out/pull.counter"
    cat >"$out/pull-next.sh" <<EOF
#!/usr/bin/env bash
set -euo pipefail
n=\$((\$(cat "$out/pull.counter") + 1)); echo "\$n" >"$out/pull.counter"
exec skopeo copy -q --src-tls-verify=false "docker://127.0.0.1:$port/bench/pull\$n:latest" "dir:$out/pull\$n" 2>"$out/pull\$n.err"
EOF
    chmod +x "$out/pull-next.sh"
    # A failed pull is reported (with skopeo's error), not fatal: its time still counts in the mean.
    off=$(log_offset)
    if [ $HYPERFINE = 1 ]; then
        hyperfine -N -i --style basic --runs "$PULL_RUNS" --export-json "$out/pull.json" \
            "bash $out/pull-next.sh" >>"$WORK/hyperfine.log" 2>&1 || die "$key: hyperfine failed: $(tail -5 "$WORK/hyperfine.log")"
        put "$key.d.json" "$out/pull.json"
    else
        times=()
        for i in $(seq 1 "$PULL_RUNS"); do
            t0=$(now)
            bash "$out/pull-next.sh" || true
            times+=("$(fsub "$(now)" "$t0")")
        done
        put "$key.d.times" "$(IFS=,; echo "${times[*]}")"
    fi
    ok=1; gets=0
    local pulled=() failures=""
    for i in $(seq 1 "$PULL_RUNS"); do
        d=${LAYER[pull$i]}
        pulled+=("$d")
        if ! { [ -f "$out/pull$i/$d" ] && sha_ok "$out/pull$i/$d" "$d"; }; then
            ok=0
            failures+="pull$i: $(tr '\n' ' ' <"$out/pull$i.err" | cut -c1-300); "
            log "$key: pull$i failed: $(cat "$out/pull$i.err")"
        fi
    done
    put "$key.d.failures" "$failures"
    settle "$root" "${pulled[@]}"
    for d in "${pulled[@]}"; do
        read -r g h b us < <(upstream_count "$off" "$d") || true
        gets=$((gets + g))
    done
    put "$key.d.gets" "$gets"; put "$key.d.ok" "$ok"
    rm -rf "$out"/pull[0-9]* "$out/warmup"
}

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
for m in $ORDER; do
    case $m in
        dist) bench_mirror dist "$DIST_PORT" "$WORK/dist-data" ;;
        wharf) bench_mirror wharf "$WHARF_PORT" "$WORK/wharf-data" ;;
        *) die "ORDER: unknown mirror $m (dist, wharf)" ;;
    esac
done
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

# ---------------------------------------------------------------- report
mkdir -p "$BENCH_DIR/results"
STAMP=$(date +%Y-%m-%d-%H%M)
REPORT=$BENCH_DIR/results/$STAMP.md
{
    echo "date=$(date '+%Y-%m-%d %H:%M %Z')"
    echo "nproc=$(nproc)"
    echo "cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
    echo "mem=$(free -g | awk '/^Mem:/{print $2 " GiB"}')"
    echo "java=$(java -version 2>&1 | head -1)"
    echo "distribution=$(docker-registry --version 2>&1 | awk '{print $NF}')"
    echo "skopeo=$(skopeo --version | awk '{print $NF}')"
    echo "hyperfine=$([ $HYPERFINE = 1 ] && hyperfine --version | awk '{print $NF}' || echo none)"
    echo "wharf=$(cd "$REPO_DIR" && git rev-parse --short HEAD 2>/dev/null || echo unknown)$(cd "$REPO_DIR" && [ -n "$(git status --porcelain -- src pom.xml 2>/dev/null)" ] && echo ' (with uncommitted changes)' || true)"
    echo "war=$(stat -c '%y' "$REPO_DIR/target/wharf.war" | cut -d. -f1), sha256 $(sha256sum "$REPO_DIR/target/wharf.war" | cut -c1-12)"
    echo "load_before=$LOAD_BEFORE"
    echo "load_after=$LOAD_AFTER"
    echo "blob_mib=$BLOB_MIB"
    echo "layer_bytes=${LAYER_SIZE[one1]}"
    echo "cold_runs=$COLD_RUNS"
    echo "concurrency=$CONCURRENCY"
    echo "conc_runs=$CONC_RUNS"
    echo "warm_runs=$WARM_RUNS"
    echo "pull_runs=$PULL_RUNS"
    echo "order=$ORDER"
} >>"$RESULTS"

python3 - "$RESULTS" >"$REPORT" <<'PY'
import json, statistics, sys
r = dict(line.rstrip("\n").split("=", 1) for line in open(sys.argv[1]) if "=" in line)

def samples(key):
    if key + ".json" in r:
        return json.load(open(r[key + ".json"]))["results"][0]["times"]
    if key + ".times" in r:
        return [float(x) for x in r[key + ".times"].split(",")]
    return [float(r[key + ".time"])]

def mean(xs): return statistics.mean(xs)
def of(n, what): return f"{n} {what}" if n == 1 else f"mean of {n} {what}s"
def fmt(xs, unit):
    m = mean(xs)
    s = f"{m * 1000:.1f} ms" if unit == "ms" else f"{m:.3f} s"
    if len(xs) > 1:
        sd = statistics.stdev(xs)
        s += f" ± {sd * 1000:.1f}" if unit == "ms" else f" ± {sd:.3f}"
    return s

n_cold, n_conc, n_rounds, n_warm, n_pull = (int(r[k]) for k in ("cold_runs", "concurrency", "conc_runs", "warm_runs", "pull_runs"))
mib = r["blob_mib"]
rows = [
    ("a", f"one cold blob GET ({mib} MiB), time to last byte, {of(n_cold, 'blob')}", "s", n_cold, "per request"),
    ("b", f"{n_conc} concurrent cold GETs of one blob, wall time until all done, {of(n_rounds, 'round')}", "s", n_rounds, "per round"),
    ("c", f"warm (cached) blob GET, {of(n_warm, 'GET')}", "ms", 1, ""),
    ("d", f"cold image pull, skopeo copy docker:// → dir:, {of(n_pull, 'image')}", "s", n_pull, "per pull"),
]

def gets(mirror, sc, per):
    g = int(r[f"{mirror}.{sc}.gets"])
    return f"{g / per:g}" if per > 1 else str(g)

def ok(mirror, sc):
    return "ok" if r[f"{mirror}.{sc}.ok"] == "1" else "**FAILED**"

out = []
out.append(f"# Mirror benchmark, {r['date']}")
out.append("")
out.append(f"Upstream: distribution {r['distribution']} on localhost. Mirrors: distribution {r['distribution']} "
           f"in proxy mode, and Wharf {r['wharf']} (Tomcat 10.1 via `mvn cargo:run`), each over an empty data "
           "directory, measured one after the other (" + " first, then ".join(
               {"dist": "distribution", "wharf": "Wharf"}[m] for m in r["order"].split()) +
           ") in the same run against the same upstream.")
out.append(f"Wharf's WAR: target/wharf.war of {r['war']}.")
out.append(f"Blob: {mib} MiB of random data in a gzip tar layer ({int(r['layer_bytes']):,} bytes).")
out.append("")
out.append(f"Machine: {r['nproc']} cores ({r['cpu']}), {r['mem']}; {r['java']}; skopeo {r['skopeo']}; "
           f"hyperfine {r['hyperfine']}. Load average before / after: {r['load_before']} / {r['load_after']} "
           "(a shared machine: other builds were running).")
out.append("")
out.append("Time ratio = distribution / Wharf: **above 1 means Wharf is faster**. "
           "Upstream GETs = GET requests for that blob in the upstream's log "
           "(per request / per round / per pull where the scenario is repeated).")
out.append("")
out.append("| scenario | distribution proxy | Wharf | ratio dist/Wharf | upstream GETs dist | upstream GETs Wharf | sha256 dist / Wharf |")
out.append("|---|---|---|---|---|---|---|")
for sc, label, unit, per, _ in rows:
    d, w = samples(f"dist.{sc}"), samples(f"wharf.{sc}")
    ratio = mean(d) / mean(w)
    out.append(f"| {sc}. {label} | {fmt(d, unit)} | {fmt(w, unit)} | {ratio:.2f} | "
               f"{gets('dist', sc, per)} | {gets('wharf', sc, per)} | {ok('dist', sc)} / {ok('wharf', sc)} |")
out.append("")
notes = []
for m, name in (("dist", "distribution"), ("wharf", "Wharf")):
    ttfb = mean([float(x) for x in r[m + ".a.ttfb"].split(",")])
    a_gets, b_gets = int(r[m + ".a.gets"]), int(r[m + ".b.gets"])
    a_up = float(r[m + ".a.upsecs"]) / a_gets if a_gets else 0.0
    b_up = float(r[m + ".b.upsecs"]) / b_gets if b_gets else 0.0
    notes.append(f"- {name}: in a. time to first byte {ttfb:.3f} s, each upstream GET took {a_up:.3f} s "
                 f"(upstream's log); in b. each upstream GET took {b_up:.3f} s.")
for m, name in (("dist", "distribution"), ("wharf", "Wharf")):
    notes.append(f"- {name}: upstream HEADs for the blob in a. {int(r[m + '.a.heads']) / n_cold:g} per request, "
                 f"in b. {int(r[m + '.b.heads']) / n_rounds:g} per round; non-2xx upstream answers a. {r[m + '.a.bad']}, b. {r[m + '.b.bad']}; "
                 f"blobs on the mirror's disk afterwards a. {r[m + '.a.cached']}, b. {r[m + '.b.cached']}; "
                 f"upstream GETs during the warm GETs {r[m + '.c.gets']}.")
for m, name in (("dist", "distribution"), ("wharf", "Wharf")):
    if r.get(m + ".d.failures"):
        notes.append(f"- {name}: **failed pulls** (skopeo's error): {r[m + '.d.failures']}")
out.append("Details:")
out.append("")
out.extend(notes)
out.append("- ± is the sample standard deviation. Before its scenarios each mirror pulled one small "
           "(1 MiB) image and then GET its layer 10 times from its cache, unmeasured, so that neither is "
           "measured straight after startup (JIT, connection pools).")
print("\n".join(out))
PY

echo
cat "$REPORT"
echo
log "written to ${REPORT#"$REPO_DIR"/}"
