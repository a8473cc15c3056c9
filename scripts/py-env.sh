# Sourced by scripts/test-python.sh and scripts/throughput.sh: the virtual
# environment with the pinned packages of python/requirements-test.txt
# (datatrove among them), and the rinse extension built from this checkout
# and installed into it.
#
# The environment is target/py-venv (RINSE_PY_VENV), created on the first
# run and reused: packages are reinstalled when the requirements change. The
# extension builds in target/python (RINSE_PY_TARGET), kept between runs so
# that rebuilds are incremental. Sets `venv` and `root`; `step` prints.
root=$PWD
venv=${RINSE_PY_VENV:-$root/target/py-venv}
python=${PYTHON:-python3}
start=${start:-$(date +%s)}
step() { echo "$(basename "$0"): $* ($(( $(date +%s) - start )) s)" >&2; }

requirements=python/requirements-test.txt
stamp=$venv/.requirements.sha256
want=$(sha256sum "$requirements" | cut -d' ' -f1)
if [ ! -x "$venv/bin/python" ]; then
    step "creating $venv"
    "$python" -m venv "$venv"
fi
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    step "installing $requirements"
    "$venv/bin/python" -m pip install --quiet -r "$requirements"
    echo "$want" > "$stamp"
fi

# The extension, built and installed into the venv (editable: python/rinse
# is imported from the source tree, with the compiled module beside it).
step "building the extension (maturin develop --release)"
CARGO_TARGET_DIR=${RINSE_PY_TARGET:-$root/target/python} VIRTUAL_ENV=$venv PATH=$venv/bin:$PATH \
    nice "$venv/bin/maturin" develop --release --quiet -m python/Cargo.toml
