# Shared by the solana / solana-test-validator / anchor entry points of @synq/localnet.
# Sourced, never run. Each entry point ends in `exec`, so the process anchor spawns (and later
# SIGKILLs) is the serving process itself, with no wrapper left holding a child.

# The first `$1` on PATH that is not one of npm's node_modules/.bin folders, or nothing.
synq_real_tool() {
  old_ifs=$IFS
  IFS=:
  for dir in $PATH; do
    case "$dir" in */node_modules/.bin) continue ;; esac
    [ "$dir" = "${here:-}" ] && continue
    if [ -n "$dir" ] && [ -x "$dir/$1" ] && [ ! -d "$dir/$1" ]; then
      IFS=$old_ifs
      printf '%s\n' "$dir/$1"
      return 0
    fi
  done
  IFS=$old_ifs
  return 1
}

# SYNQ_SOLANA_SHIM=1 forces our implementation, =0 forces the real CLI; unset: the real CLI
# when one is installed, else ours.
synq_use_real() {
  case "${SYNQ_SOLANA_SHIM:-}" in
    1) return 1 ;;
    0) synq_real_tool "$1" >/dev/null || { echo "$1: SYNQ_SOLANA_SHIM=0 but no $1 is installed on PATH" >&2; exit 127; } ;;
    *) synq_real_tool "$1" >/dev/null ;;
  esac
}
