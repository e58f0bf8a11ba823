#!/bin/sh
# The gateway image's entry point (Dockerfile): runs SluiceMain in the foreground as PID 1's exec, so SIGTERM from
# Kubernetes reaches the JVM, whose shutdown hook stops Sluice cleanly. Arguments are SluiceMain's flags, e.g.
# --config /etc/sluice/config/sluice.yaml (the image's default is scripts/container-config.yaml). SLUICE_JAVA_OPTS
# replaces the default heap settings.
set -eu
flags=""
# Truffle's optimizing runtime for JavaScript UDFs, as scripts/graal-flags.sh sets it up for ./sluice start: only
# where the JVM has the JVMCI module (otherwise GraalJS runs interpreted: correct, several times slower).
if java --list-modules 2>/dev/null | grep -q '^jdk.internal.vm.ci@'; then
    flags="-XX:+UnlockExperimentalVMOptions -XX:+EnableJVMCI --upgrade-module-path=/opt/sluice/graal-compiler"
fi
# shellcheck disable=SC2086 # the options are words on purpose
exec java ${SLUICE_JAVA_OPTS:--XX:MaxRAMPercentage=70} $flags -cp '/opt/sluice/lib/*' dev.sluice.gateway.SluiceMain "$@"
