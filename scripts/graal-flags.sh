#!/usr/bin/env bash
# Prints the JVM flags that turn on Truffle's optimizing runtime for JavaScript UDFs, or nothing where they do not
# apply (then GraalJS runs interpreted: correct, several times slower).
#   scripts/graal-flags.sh [java]   java defaults to the one on PATH
# Only on JDK 17, the default JVM: polyglot 23.1.x takes the Graal compiler that udf-catalog's build copies to
# udf-catalog/target/graal-compiler as a JVMCI compiler on the upgrade module path. Temurin 25 would need polyglot
# 25.0.3 and its compiler instead (docs/js-udfs.md), so it gets no flags here.
set -euo pipefail
cd "$(dirname "$0")/.."
java=${1:-java}
dir=udf-catalog/target/graal-compiler
major=$("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
if [[ "$major" == 17 && -n "$(ls "$dir"/compiler-*.jar 2>/dev/null)" ]]; then
    echo "-XX:+UnlockExperimentalVMOptions -XX:+EnableJVMCI --upgrade-module-path=$(pwd)/$dir"
fi
