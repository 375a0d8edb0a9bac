#!/usr/bin/env bash
# Run the whole test suite as a new machine would: install the Debian packages the tests drive, then
# create a FRESH virtual environment from pyproject.toml alone (no system site-packages, nothing
# installed by hand) and run the linter and pytest inside it.
# Extra arguments go to pytest (e.g. `bash scripts/test.sh -m "not slow"` for the fast tier).
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
command -v soffice >/dev/null 2>&1 || need_apt+=(libreoffice-writer-nogui)
# Calc opens register.xlsx in the spreadsheet test (the Word tests need only Writer)
dpkg -s libreoffice-calc-nogui >/dev/null 2>&1 || dpkg -s libreoffice-calc >/dev/null 2>&1 || need_apt+=(libreoffice-calc-nogui)
# The redline test has LibreOffice accept and reject every tracked change through UNO (Debian's python3)
dpkg -s python3-uno >/dev/null 2>&1 || need_apt+=(python3-uno)
command -v pdftoppm >/dev/null 2>&1 || need_apt+=(poppler-utils)
command -v git >/dev/null 2>&1 || need_apt+=(git)
# `python3 -m venv` below (and the fresh-environment test) needs ensurepip, which Debian ships apart
python3 -c 'import ensurepip' >/dev/null 2>&1 || need_apt+=(python3-venv)
command -v ssh-keygen >/dev/null 2>&1 || need_apt+=(openssh-client)
fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || need_apt+=(fonts-noto-cjk)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "Installing Debian packages: ${need_apt[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_apt[@]}" fontconfig
fi

# A new environment every run: a package installed by hand on this machine cannot hide a missing
# declaration in pyproject.toml. QMSDOC_TEST_VENV keeps it somewhere else (it is always recreated).
venv="${QMSDOC_TEST_VENV:-$(mktemp -d -t qmsdoc-test-venv.XXXXXX)}"
cleanup() { [ -z "${QMSDOC_TEST_VENV:-}" ] && rm -rf "$venv"; return 0; }
trap cleanup EXIT
rm -rf "$venv"
python3 -m venv "$venv"
"$venv/bin/python" -m pip install -q --disable-pip-version-check --upgrade pip
# Not editable: the tests run against the installed package, as users get it (assets, schemas, entry points).
"$venv/bin/python" -m pip install -q --disable-pip-version-check ".[test]"
echo "Test environment: $venv ($("$venv/bin/python" -m pip list --format=freeze 2>/dev/null | wc -l) packages)"

export PATH="$venv/bin:$PATH"
"$venv/bin/python" -m ruff check .
"$venv/bin/python" -m mypy  # strict, on plugins/qmsdoc ([tool.mypy] in pyproject.toml)
# The tests run in parallel workers (pytest-xdist; `auto`: one per CPU), a whole test file to one worker, so a
# file's module fixtures (a built site, a released project) are built once; QMSDOC_TEST_WORKERS=0 runs them in
# this one process. One process ran the suite in 77 min on 2 cores; two workers in 26.
workers=(-n "${QMSDOC_TEST_WORKERS:-auto}" --dist loadfile)
# pytest imports the installed package: plugins/ is not on sys.path (it holds no top-level package).
"$venv/bin/python" -m pytest "${workers[@]}" "$@"

# The portable pass (QMSDOC_TEST_PORTABLE=1, as .ci/run sets it): the fast tier once more with the paths Windows
# and macOS take forced on — copy workers started with spawn, the build swapped in without renameat2 — every
# project copy with CRLF line endings, and temporary folders whose names hold a space and Chinese characters.
# (Each command's output on a GBK console is tests/test_portable.py's.)
if [ "${QMSDOC_TEST_PORTABLE:-}" = "1" ]; then
  portable_tmp="$(mktemp -d -t 'qmsdoc portable 测试.XXXXXX')"
  echo "Portable pass: QMSDOC_PORTABLE=1, CRLF sources, temporary folder “$portable_tmp/临时 文件夹”"
  QMSDOC_PORTABLE=1 QMSDOC_TEST_CRLF=1 "$venv/bin/python" -m pytest "${workers[@]}" -q -p no:cacheprovider \
    -m "not slow" --basetemp="$portable_tmp/临时 文件夹"
  rm -rf "$portable_tmp"
fi
