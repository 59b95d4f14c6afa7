# Sourced by the test scripts. Every build names the host target explicitly, as napi-rs does for
# the Node addon, so that all steps share one build tree (target/<triple>/debug) instead of
# compiling the dependency graph twice.
CARGO_BUILD_TARGET=${CARGO_BUILD_TARGET:-$(rustc -vV | sed -n 's/^host: //p')}
export CARGO_BUILD_TARGET
export CARGO_TERM_COLOR=never
# The debug build tree every step links against.
debug_dir=${CARGO_TARGET_DIR:-target}/$CARGO_BUILD_TARGET/debug
