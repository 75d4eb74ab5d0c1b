#!/usr/bin/env bash
# Build the pinned conformance tools (scripts/tools.pins) into the project-local, gitignored .tools/.
#
# Usage: scripts/tools.sh [--force NAME]... [--retry-unavailable] [--no-smoke]     (npm run tools)
#
#   --force NAME          rebuild NAME even if its stamp matches (repeatable)
#   --retry-unavailable   ask the Go module proxy again for modules it refused within the last 24 h
#   --no-smoke            skip the offline `tofu init` + `providers schema` check of the mirror
#
# Environment: TOOLS_DIR (default .tools), TOOLS_PINS (default scripts/tools.pins), TOOLS_STRICT=1 (below).
# The conformance runner (scripts/conformance.mjs) honours TOOLS_DIR and TOOLS_PINS too.
#
# What it leaves behind:
#   .tools/bin/<name>                  binaries from `GOBIN=.tools/bin go install <module>@<version>`
#   .tools/stamps/<name>               cache key: line 1 the pin, line 2 the module version go recorded
#   .tools/stamps/<name>.unavailable   the pin the Go module proxy refused, and its answer
#   .tools/logs/<name>.log             go output of the last build of <name>
#   .tools/mirror/<host>/<ns>/<type>/<version>/<os>_<arch>/terraform-provider-<type>_v<version>
#                                      filesystem mirror for registry.opentofu.org and registry.terraform.io
#   .tools/tofurc                      CLI config: that mirror only, no direct installation
#   .tools/env.sh                      `. .tools/env.sh` puts the tools on PATH and sets the CLI config
#
# A second run with every stamp matching does not call `go` at all. Exit status: 0 when every cli tool
# is there (tofu, or its terraform fallback); 1 otherwise. A provider that the Go module proxy refuses
# is reported loudly but does not fail the run (set TOOLS_STRICT=1 to make it fail): the conformance
# runner reports each stack that needs it as SKIP, naming the provider.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PINS=${TOOLS_PINS:-$ROOT/scripts/tools.pins}
TOOLS=${TOOLS_DIR:-$ROOT/.tools}
BIN=$TOOLS/bin
STAMPS=$TOOLS/stamps
LOGS=$TOOLS/logs
MIRROR=$TOOLS/mirror
UNAVAILABLE_TTL_MIN=1440

FORCE=" "
RETRY_UNAVAILABLE=0
SMOKE=1
while [ $# -gt 0 ]; do
  case "$1" in
    --force) FORCE="$FORCE$2 "; shift 2 ;;
    --retry-unavailable) RETRY_UNAVAILABLE=1; shift ;;
    --no-smoke) SMOKE=0; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d'; exit 0 ;;
    *) echo "tools.sh: unknown argument '$1' (try --help)" >&2; exit 2 ;;
  esac
done

mkdir -p "$BIN" "$STAMPS" "$LOGS" "$MIRROR" "$TOOLS/plugin-cache"
START=$(date +%s)

# ---- pins ------------------------------------------------------------------------------------------
NAMES=(); MODS=(); ROLES=()
while read -r name modver role rest; do
  case "$name" in ''|'#'*) continue ;; esac
  if [ -z "${modver:-}" ] || [ -z "${role:-}" ] || [ -n "${rest:-}" ] || [[ "$modver" != *@* ]]; then
    echo "tools.sh: bad line in $PINS: '$name $modver $role $rest' (want: name module@version role)" >&2
    exit 2
  fi
  NAMES+=("$name"); MODS+=("$modver"); ROLES+=("$role")
done <"$PINS"

# status per tool: ok | cached | refused | failed | skipped
declare -A STATUS=() DETAIL=() TOOK=()

stamp_matches() { # name modver
  [ -x "$BIN/$1" ] && [ -f "$STAMPS/$1" ] && [ "$(head -n1 "$STAMPS/$1")" = "$2" ]
}

write_stamp() { # name modver: line 2 = what go recorded in the binary (module path + version)
  local recorded
  recorded=$(go version -m "$BIN/$1" 2>/dev/null | awk '$1 == "mod" { print $2 "@" $3; exit }')
  printf '%s\n%s\n' "$2" "${recorded:-unknown}" >"$STAMPS/$1"
}

# A binary that is already there without a stamp (e.g. built by an earlier plain `go install`) is adopted
# when the module version go recorded in it is the pinned one (a commit pin matches its pseudo-version).
adopt_existing() { # name modver
  local name=$1 mod=${2%@*} ver=${2##*@} recorded rmod rver
  [ -x "$BIN/$name" ] || return 1
  command -v go >/dev/null 2>&1 || return 1
  recorded=$(go version -m "$BIN/$name" 2>/dev/null | awk '$1 == "mod" { print $2 " " $3; exit }') || return 1
  [ -n "$recorded" ] || return 1
  rmod=${recorded% *}; rver=${recorded#* }
  case "$mod" in "$rmod"|"$rmod"/*) ;; *) return 1 ;; esac
  if [ "$rver" = "$ver" ] || { [[ "$ver" =~ ^[0-9a-f]{12,40}$ ]] && [[ "$rver" == *-"${ver:0:12}" ]]; }; then
    printf '%s\n%s\n' "$2" "$rmod@$rver" >"$STAMPS/$name"
    return 0
  fi
  return 1
}

refused_recently() { # name modver
  local f="$STAMPS/$1.unavailable"
  [ "$RETRY_UNAVAILABLE" = 0 ] && [ -f "$f" ] && [ "$(head -n1 "$f")" = "$2" ] &&
    [ -n "$(find "$f" -mmin -"$UNAVAILABLE_TTL_MIN" 2>/dev/null)" ]
}

is_refusal() { # log file: the proxy answered "no" (as opposed to a compile error)
  grep -qE '403 Forbidden|404 Not Found|410 Gone|This module version is not available|unknown revision|invalid version' "$1"
}

# `go install pkg@version` also asks the proxy for the module's version list (deprecation check). When only
# that list is refused but the pinned version itself is served, build the same version from a throwaway
# module that requires it. Same build list as `go install pkg@version` (the pinned module's go.mod, pruned
# graph); refused when the pinned module has replace directives, which `go install pkg@version` would reject.
install_via_wrapper() { # name modver log
  local name=$1 pkg=${2%@*} ver=${2##*@} log=$3 mod="" info="" gomod="" godir wdir
  local cand=$pkg
  while [ -n "$cand" ]; do
    if info=$(go mod download -json "$cand@$ver" 2>>"$log") && ! grep -q '"Error"' <<<"$info"; then mod=$cand; break; fi
    [[ "$cand" == */* ]] || break
    cand=${cand%/*}
  done
  [ -n "$mod" ] || { echo "wrapper: no module found for $pkg@$ver" >>"$log"; return 1; }
  gomod=$(sed -n 's/^[[:space:]]*"GoMod": "\(.*\)",\{0,1\}$/\1/p' <<<"$info")
  ver=$(sed -n 's/^[[:space:]]*"Version": "\(.*\)",\{0,1\}$/\1/p' <<<"$info")
  if grep -qE '^[[:space:]]*replace([[:space:]]|\()' "$gomod"; then
    echo "wrapper: $mod@$ver has replace directives; go install would refuse it, so does this script" >>"$log"
    return 1
  fi
  godir=$(awk '$1 == "go" { print $2; exit }' "$gomod")
  wdir=$TOOLS/build/$name
  rm -rf "$wdir"; mkdir -p "$wdir"
  printf 'module local.tools/%s\n\ngo %s\n\nrequire %s %s\n' "$name" "${godir:-1.21}" "$mod" "$ver" >"$wdir/go.mod"
  (cd "$wdir" && GOFLAGS=-mod=mod GOBIN="$BIN" go install "$pkg") >>"$log" 2>&1
}

install_one() { # name modver
  local name=$1 modver=$2 log="$LOGS/$1.log" t0 rc=0
  if ! command -v go >/dev/null 2>&1; then
    STATUS[$name]=failed; DETAIL[$name]="go is not installed (need Go >= 1.26 on PATH)"; return
  fi
  rm -f "$BIN/$name" "$STAMPS/$name"
  echo "==> go install $modver"
  t0=$(date +%s)
  GOBIN="$BIN" go install "$modver" >"$log" 2>&1 || rc=$?
  if [ $rc -ne 0 ] && grep -q 'loading deprecation for' "$log" && grep -q '403 Forbidden' "$log"; then
    echo "    the Go module proxy refuses the version list of ${modver%@*} (deprecation check);"
    echo "    building the same pinned version through a wrapper module instead"
    rc=0; install_via_wrapper "$name" "$modver" "$log" || rc=$?
  fi
  TOOK[$name]=$(( $(date +%s) - t0 ))
  if [ $rc -eq 0 ] && [ -x "$BIN/$name" ]; then
    write_stamp "$name" "$modver"
    rm -f "$STAMPS/$name.unavailable"
    STATUS[$name]=ok
    echo "    built $name in ${TOOK[$name]}s"
  elif is_refusal "$log"; then
    STATUS[$name]=refused
    DETAIL[$name]=$(grep -m1 -oE '(403 Forbidden|404 Not Found|410 Gone|unknown revision|invalid version)[^"]*' "$log" | head -c 160)
    printf '%s\n%s\n' "$modver" "${DETAIL[$name]}" >"$STAMPS/$name.unavailable"
    echo "    REFUSED by the Go module proxy after ${TOOK[$name]}s: ${DETAIL[$name]} (log: $log)"
  else
    STATUS[$name]=failed
    DETAIL[$name]="go install failed (exit $rc), see $log"
    echo "    FAILED after ${TOOK[$name]}s; last lines of $log:"
    tail -n 15 "$log" | sed 's/^/      /'
  fi
}

process() { # index
  local name=${NAMES[$1]} modver=${MODS[$1]}
  if [[ "$FORCE" != *" $name "* ]]; then
    if stamp_matches "$name" "$modver"; then STATUS[$name]=cached; return; fi
    if adopt_existing "$name" "$modver"; then STATUS[$name]=cached; DETAIL[$name]="adopted existing binary"; return; fi
    if refused_recently "$name" "$modver"; then
      STATUS[$name]=refused
      DETAIL[$name]="$(sed -n 2p "$STAMPS/$name.unavailable") (cached answer; --retry-unavailable asks again)"
      return
    fi
  fi
  install_one "$name" "$modver"
}

# ---- build: cli tools and providers first, then fallbacks whose target is missing ----------------------
for i in "${!NAMES[@]}"; do
  [[ "${ROLES[$i]}" == fallback:* ]] || process "$i"
done
FALLBACK_USED=""
for i in "${!NAMES[@]}"; do
  role=${ROLES[$i]}
  [[ "$role" == fallback:* ]] || continue
  target=${role#fallback:}
  case "${STATUS[$target]:-}" in
    ok|cached) STATUS[${NAMES[$i]}]=skipped; DETAIL[${NAMES[$i]}]="not needed: $target is there" ;;
    *)
      echo
      echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"
      echo "!!! FALLBACK: $target could not be built (${STATUS[$target]:-missing}: ${DETAIL[$target]:-})."
      echo "!!! Using ${NAMES[$i]} (${MODS[$i]}) instead, built if needed; conformance runs it in place of $target."
      echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"
      process "$i"
      FALLBACK_USED="${NAMES[$i]} for $target"
      ;;
  esac
done

# ---- what each binary reports ------------------------------------------------------------------------
version_of() { # name -> first line of its version output
  local b="$BIN/$1" out
  case "$1" in
    tofu|terraform) out=$(TF_CLI_CONFIG_FILE="$TOOLS/tofurc" CHECKPOINT_DISABLE=1 timeout 20 "$b" version 2>&1) ;;
    kubeconform) out=$(timeout 20 "$b" -v 2>&1) ;;
    sops) out=$(timeout 20 "$b" --version --disable-version-check 2>&1) ;;
    helm) out=$(timeout 20 "$b" version --short 2>&1) ;;
    age|age-keygen) out=$(timeout 20 "$b" --version 2>&1) ;;
    kustomize) out=$(timeout 20 "$b" version 2>&1) ;;
    # no version command (its --version is the Kubernetes version to validate against): --help proves it runs
    kubectl-validate) out=$(timeout 20 "$b" --help >/dev/null 2>&1 && echo "runs; $(sed -n 2p "$STAMPS/$1" 2>/dev/null)") ;;
    terraform-provider-*) out="executable; $(sed -n 2p "$STAMPS/$1" 2>/dev/null)" ;;
    *) out=$(timeout 20 "$b" --version 2>&1) ;;
  esac || { echo "ERROR: '$1' did not run: $(head -n1 <<<"$out")"; return 1; }
  head -n1 <<<"$out"
}

platform() {
  local os arch
  os=$(uname -s | tr '[:upper:]' '[:lower:]')
  case "$(uname -m)" in x86_64|amd64) arch=amd64 ;; aarch64|arm64) arch=arm64 ;; *) arch=$(uname -m) ;; esac
  echo "${os}_${arch}"
}
PLATFORM=$(platform)

# ---- provider filesystem mirror, CLI config, env.sh --------------------------------------------------
MIRRORED=()
for i in "${!NAMES[@]}"; do
  role=${ROLES[$i]}
  [[ "$role" == provider:* ]] || continue
  addr=${role#provider:}; src=${addr%@*}; ver=${addr##*@}; ns=${src%/*}; type=${src#*/}
  for host in registry.opentofu.org registry.terraform.io; do
    rm -rf "${MIRROR:?}/$host/$ns/$type"
    if [ -x "$BIN/${NAMES[$i]}" ] && [[ "${STATUS[${NAMES[$i]}]}" =~ ^(ok|cached)$ ]]; then
      d="$MIRROR/$host/$ns/$type/$ver/$PLATFORM"
      mkdir -p "$d"
      ln -f "$BIN/${NAMES[$i]}" "$d/terraform-provider-${type}_v${ver}" 2>/dev/null ||
        cp -p "$BIN/${NAMES[$i]}" "$d/terraform-provider-${type}_v${ver}"
    fi
  done
  if [ -d "$MIRROR/registry.opentofu.org/$ns/$type" ]; then MIRRORED+=("$src@$ver"); fi
done

cat >"$TOOLS/tofurc" <<EOF
# Written by scripts/tools.sh. Providers come only from the local filesystem mirror (no registry access).
provider_installation {
  filesystem_mirror {
    path    = "$MIRROR"
    include = ["registry.opentofu.org/*/*", "registry.terraform.io/*/*"]
  }
}
plugin_cache_dir = "$TOOLS/plugin-cache"
disable_checkpoint = true
EOF

cat >"$TOOLS/env.sh" <<EOF
# Written by scripts/tools.sh. Use: . .tools/env.sh
export PATH="$BIN:\$PATH"
export TF_CLI_CONFIG_FILE="$TOOLS/tofurc"
export CHECKPOINT_DISABLE=1
export TF_IN_AUTOMATION=1
EOF

# ---- smoke check: offline init from the mirror + provider schemas ------------------------------------
IAC=""
if [ -x "$BIN/tofu" ] && [[ "${STATUS[tofu]:-}" =~ ^(ok|cached)$ ]]; then IAC=tofu
elif [ -x "$BIN/terraform" ] && [[ "${STATUS[terraform]:-}" =~ ^(ok|cached)$ ]]; then IAC=terraform
fi
SMOKE_RESULT="skipped"
if [ "$SMOKE" = 1 ] && [ -n "$IAC" ] && [ ${#MIRRORED[@]} -gt 0 ]; then
  smoke=$(mktemp -d)
  {
    printf '{"terraform":{"required_providers":{'
    sep=""
    for p in "${MIRRORED[@]}"; do
      src=${p%@*}; printf '%s"%s":{"source":"%s","version":"%s"}' "$sep" "${src#*/}" "$src" "${p##*@}"; sep=","
    done
    printf '}}}\n'
  } >"$smoke/main.tf.json"
  t0=$(date +%s)
  if (cd "$smoke" && TF_CLI_CONFIG_FILE="$TOOLS/tofurc" CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1 \
        "$BIN/$IAC" init -backend=false -input=false -no-color >"$smoke/init.log" 2>&1 &&
      TF_CLI_CONFIG_FILE="$TOOLS/tofurc" CHECKPOINT_DISABLE=1 "$BIN/$IAC" providers schema -json >"$smoke/schema.json" 2>"$smoke/schema.err"); then
    n=$(grep -o '"resource_schemas"' "$smoke/schema.json" | wc -l)
    SMOKE_RESULT="ok: $IAC init -backend=false + providers schema -json for ${MIRRORED[*]} ($n schemas, $(( $(date +%s) - t0 ))s)"
    rm -rf "$smoke"
  else
    SMOKE_RESULT="FAILED: $IAC init/providers schema in $smoke (see init.log, schema.err there)"
    sed 's/^/      /' "$smoke/init.log" | tail -n 20
  fi
fi

# ---- report ------------------------------------------------------------------------------------------
echo
printf '%-30s %-9s %-7s %s\n' TOOL STATUS BUILD REPORTS
FAILED=(); REFUSED=()
for i in "${!NAMES[@]}"; do
  name=${NAMES[$i]}; st=${STATUS[$name]:-missing}; took=${TOOK[$name]:+${TOOK[$name]}s}
  case "$st" in
    ok|cached)
      if v=$(version_of "$name"); then :; else st=broken; FAILED+=("$name"); fi
      [ -n "${DETAIL[$name]:-}" ] && v="$v (${DETAIL[$name]})"
      ;;
    refused)
      v="${MODS[$i]}: ${DETAIL[$name]}"
      if [[ "${ROLES[$i]}" == provider:* ]]; then REFUSED+=("$name"); else FAILED+=("$name"); fi
      ;;
    skipped) v=${DETAIL[$name]} ;;
    *) v="${MODS[$i]}: ${DETAIL[$name]:-}"; FAILED+=("$name") ;;
  esac
  printf '%-30s %-9s %-7s %s\n' "$name" "$st" "${took:--}" "$v"
done
echo
echo "mirror:  $MIRROR (${MIRRORED[*]:-no providers})"
echo "config:  $TOOLS/tofurc    env: . $TOOLS/env.sh"
echo "smoke:   $SMOKE_RESULT"
[ -n "$FALLBACK_USED" ] && echo "!!! FALLBACK IN USE: $FALLBACK_USED (see above) !!!"
echo "total:   $(( $(date +%s) - START ))s"

rc=0
# Fails the run: a cli tool that is not there (unless its fallback is), any tool that failed to build or
# does not run, a failed smoke check. A provider the Go module proxy refuses only warns (TOOLS_STRICT=1: fails).
declare -A FALLBACK_OK=()
for i in "${!NAMES[@]}"; do
  [[ "${ROLES[$i]}" == fallback:* ]] && [[ "${STATUS[${NAMES[$i]}]:-}" =~ ^(ok|cached)$ ]] && FALLBACK_OK[${ROLES[$i]#fallback:}]=1
done
for i in "${!NAMES[@]}"; do
  name=${NAMES[$i]}
  if [ "${ROLES[$i]}" = cli ] && ! [[ "${STATUS[$name]:-}" =~ ^(ok|cached)$ ]] && [ -z "${FALLBACK_OK[$name]:-}" ]; then rc=1; fi
done
for f in "${FAILED[@]}"; do
  for i in "${!NAMES[@]}"; do
    if [ "${NAMES[$i]}" = "$f" ] && [[ "${ROLES[$i]}" != fallback:* ]] && [ -z "${FALLBACK_OK[$f]:-}" ]; then rc=1; fi
  done
done
[[ "$SMOKE_RESULT" == FAILED* ]] && rc=1
if [ ${#REFUSED[@]} -gt 0 ]; then
  echo
  echo "!!! Providers NOT AVAILABLE from the Go module proxy: ${REFUSED[*]}"
  echo "!!! Stacks that need these providers cannot be validated here; conformance reports them as SKIP."
  [ "${TOOLS_STRICT:-0}" = 1 ] && rc=1
fi
exit $rc
