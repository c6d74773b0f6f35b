#!/bin/sh
# Proves the CRDT library installs and is usable from another project:
# installs the glomers_crdt component of a configured glomers build into a
# scratch prefix, then configures, builds and runs this directory's consumer
# against that prefix through find_package. Any failure fails the test.
#
# usage: run.sh <glomers build dir> <consumer source dir> <cmake> <c++ compiler> <generator>
set -eu

if [ "$#" -ne 5 ]; then
  echo "usage: $0 <glomers build dir> <consumer source dir> <cmake> <c++ compiler> <generator>" >&2
  exit 2
fi
build_dir=$1
consumer_dir=$2
cmake=$3
cxx=$4
generator=$5

scratch=$(mktemp -d "${TMPDIR:-/tmp}/glomers-crdt-consumer.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
prefix=$scratch/prefix

echo "== install glomers_crdt into $prefix"
"$cmake" --install "$build_dir" --component glomers_crdt --prefix "$prefix"

# Only the library may land in the prefix: headers and the package config.
unexpected=$(cd "$prefix" && find . -type f ! -path './include/glomers/crdt/*.h' \
  ! -path './lib*/cmake/glomers_crdt/*.cmake')
if [ -n "$unexpected" ]; then
  echo "unexpected files installed:" >&2
  echo "$unexpected" >&2
  exit 1
fi

echo "== configure the consumer"
# The package registry is off so that only the scratch prefix can satisfy
# find_package(glomers_crdt). Debug because an unoptimised build compiles in
# half the time, and the consumer only checks results.
"$cmake" -S "$consumer_dir" -B "$scratch/build" -G "$generator" \
  -DCMAKE_CXX_COMPILER="$cxx" -DCMAKE_BUILD_TYPE=Debug \
  -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF

found=$(sed -n 's/^glomers_crdt_DIR:PATH=//p' "$scratch/build/CMakeCache.txt")
case $found in
  "$prefix"/*) ;;
  *) echo "find_package used $found, not the scratch prefix $prefix" >&2; exit 1 ;;
esac

echo "== build the consumer"
"$cmake" --build "$scratch/build" --parallel 2

echo "== run the consumer"
"$scratch/build/core_only"
"$scratch/build/consumer"
