#!/usr/bin/env bash
# Bad input to kforge: exit code 2, a message naming the field, and no database written.
set -uo pipefail
kforge=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0

# expect_error <field substring> <args...>
expect_error() {
  local field=$1
  shift
  "$kforge" "$@" >"$work/out.txt" 2>"$work/err.txt"
  local code=$?
  if [ "$code" -ne 2 ] || ! grep -qF -- "$field" "$work/err.txt"; then
    echo "FAIL: kforge $* -> exit $code, expected 2 naming '$field'; stderr:"
    cat "$work/err.txt"
    failures=$((failures + 1))
  fi
  if [ -e "$work/t.db" ]; then
    echo "FAIL: kforge $* wrote the database"
    rm -f "$work/t.db"*
    failures=$((failures + 1))
  fi
}

db=(--db "$work/t.db")
expect_error 'ih: must be positive' tune 'mb1ic3ih0oc4kh3' "${db[@]}"
expect_error 'mb' tune 'mb0ic3ih5oc4kh3' "${db[@]}"
expect_error 'kh' tune 'mb1ic3ih2oc4kh5' "${db[@]}"
expect_error 'g' tune 'g4mb1ic10ih5oc8kh3' "${db[@]}"
expect_error 'descriptor' tune 'mb1ic3ih5oc4kh3zz9' "${db[@]}"
expect_error 'descriptor' tune 'ic-3ih5oc4kh3' "${db[@]}"
# One bad line among good ones: nothing is tuned, nothing written.
expect_error 'kh' tune 'mb1ic3ih5oc4kh3' 'mb1ic3ih2oc4kh5' "${db[@]}"
expect_error '--budget-trials' tune 'mb1ic3ih5oc4kh3' --budget-trials 0 "${db[@]}"
expect_error 'accuracy' tune 'mb1ic3ih5oc4kh3' --accuracy loose "${db[@]}"
expect_error 'accuracy' tune 'mb1ic3ih5oc4kh3' --accuracy -1e-4 "${db[@]}"
expect_error '--templates' tune 'mb1ic3ih5oc4kh3' --templates conv_winograd_f9_nhwc "${db[@]}"
expect_error '--threads' tune 'mb1ic3ih5oc4kh3' --threads x "${db[@]}"
expect_error '--patience' tune 'mb1ic3ih5oc4kh3' --patience -1 "${db[@]}"
expect_error '--patience' tune 'mb1ic3ih5oc4kh3' --patience x "${db[@]}"
expect_error '--patience' tune 'mb1ic3ih5oc4kh3' --patience "${db[@]}"
expect_error '--placements' tune 'mb1ic3ih5oc4kh3' --placements 0 "${db[@]}"
expect_error '--placements' tune 'mb1ic3ih5oc4kh3' --placements 65 "${db[@]}"
expect_error '--finalists' tune 'mb1ic3ih5oc4kh3' --finalists -1 "${db[@]}"
expect_error '--passes' tune 'mb1ic3ih5oc4kh3' --passes 0 "${db[@]}"
expect_error '--passes' tune 'mb1ic3ih5oc4kh3' --passes 2x "${db[@]}"
expect_error '--json' tune 'mb1ic3ih5oc4kh3' --json=yes "${db[@]}"
expect_error '--no-model' tune 'mb1ic3ih5oc4kh3' --no-model=1 "${db[@]}"
expect_error '--frobnicate' tune 'mb1ic3ih5oc4kh3' --frobnicate "${db[@]}"
expect_error '--layout' tune 'mb1ic3ih5oc4kh3' --layout nwhc "${db[@]}"
expect_error 'no_such_file' tune "$work/no_such_file/shapes" "${db[@]}"
expect_error '--out' emit "${db[@]}" --name x
expect_error '--name' emit "${db[@]}" --out "$work/o" --name 'not valid'
expect_error "unknown op 'frobnicate'" tune 'mb1ic3ih5oc4kh3' --op frobnicate "${db[@]}"
expect_error 'g' tune --op gnorm 'g3mb1ic4ih5' "${db[@]}"
expect_error 'unknown command' frobnicate

for command in tune emit list demo; do
  "$kforge" "$command" --help >/dev/null || { echo "FAIL: $command --help"; failures=$((failures + 1)); }
done

echo "bad_input: $failures failure(s)"
exit $((failures > 0))
