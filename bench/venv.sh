# Sourced by bench scripts: a Python virtual environment under bench/out/venv with the given packages, for
# reference and interop scripts only (xfer never runs Python). Uses the package index pip is configured with
# (on these machines a local one; pip would otherwise stall retrying an unreachable default).
# Usage: source bench/venv.sh PACKAGE...
xfer_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="$xfer_root/bench/out/venv"
if [[ ! -x $venv/bin/python ]]; then
  python3 -m venv "$venv" >&2
fi
pip_args=(-q --disable-pip-version-check)
indexes=$(python3 -m pip config list 2>/dev/null | sed -n "s/^global\.\(extra-\)\{0,1\}index-url='\(.*\)'$/\2/p" | tr ' ' '\n' | grep -v '^$' || true)
if [[ -n $indexes ]]; then
  first=1
  while read -r url; do
    if ((first)); then pip_args+=(--index-url "$url"); first=0; else pip_args+=(--extra-index-url "$url"); fi
  done <<< "$indexes"
fi
missing=()
for pkg in "$@"; do
  mod="$pkg"
  case "$pkg" in tensorflow-cpu) mod=tensorflow ;; pillow) mod=PIL ;; scikit-learn) mod=sklearn ;; scikit-image) mod=skimage ;; esac
  "$venv/bin/python" -c "import $mod" >/dev/null 2>&1 || missing+=("$pkg")
done
if ((${#missing[@]})); then
  echo "venv: installing ${missing[*]} into $venv" >&2
  "$venv/bin/pip" install "${pip_args[@]}" "${missing[@]}" >&2
fi
PY="$venv/bin/python"
