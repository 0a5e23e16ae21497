#!/usr/bin/env bash
# Builds the libFuzzer targets into /tmp (or $1): fuzz-codec, fuzz-predict, fuzz-lineframer.
#
# A fuzz target is one module compiled with the sources it exercises (libFuzzer's entry point must be
# linked with them, under -sanitize=fuzzer). The package's libraries are separate modules that import each
# other, so their files are copied with those imports removed and compiled as one module; `-package-name`
# keeps their `package` declarations visible to one another.
set -euo pipefail
cd "$(dirname "$0")/../.."
out="${1:-/tmp}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/src"
for f in $(find Sources/EDDCore Sources/EDDProtocol Sources/EDDTraining -name '*.swift') Tests/EDDTests/JSONDocument.swift; do
    sed -E '/^(@testable )?import EDD[A-Za-z]*$/d' "$f" > "$work/src/$(echo "$f" | tr / _)"
done
# EDDTraining calls into the small C target (malloc_trim): a module map for its header, and its object.
mkdir -p "$work/cedd"
printf 'module CEDDSystem {\n    header "%s"\n    export *\n}\n' "$PWD/Sources/CEDDSystem/include/CEDDSystem.h" \
    > "$work/cedd/module.modulemap"
clang -c -O -fsanitize=address -I Sources/CEDDSystem/include Sources/CEDDSystem/CEDDSystem.c -o "$work/cedd/CEDDSystem.o"
flags=(-sanitize=fuzzer,address -parse-as-library -O -module-name EDDFuzz -package-name edd -I "$work/cedd")
flags+=("$work/cedd/CEDDSystem.o")
# The codec and engine against a small synthetic model.
swiftc "${flags[@]}" Tests/Fuzz/Codec/main.swift "$work"/src/*.swift -o "$out/fuzz-codec"
# Decode and answer with the shipped model; -D DEBUG turns on the calendars' work meter the target checks.
swiftc "${flags[@]}" -D DEBUG Tests/Fuzz/Predict/main.swift "$work"/src/*.swift -o "$out/fuzz-predict"
# The line framing: one file of EDDServer.
sed -E '/^import EDD[A-Za-z]*$/d' Sources/EDDServer/Server/LineFramer.swift > "$work/LineFramer.swift"
swiftc -sanitize=fuzzer,address -parse-as-library -O \
    Tests/Fuzz/LineFramer/main.swift "$work/LineFramer.swift" -o "$out/fuzz-lineframer"
echo "built $out/fuzz-codec $out/fuzz-predict $out/fuzz-lineframer"
