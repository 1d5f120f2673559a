#!/usr/bin/env bash
# Regenerates Onnx.cs from onnx.proto, the official ONNX schema (ONNX 1.12.0, IR version 8, MIT/Expat licence) as
# Debian ships it in libonnx-dev (/usr/include/onnx/onnx.proto), kept verbatim. `--fetch` replaces the copy here with
# the one from `apt-get download libonnx-dev`. protoc comes from the NuGet package Google.Protobuf.Tools (the version
# pinned below must match Google.Protobuf in Directory.Packages.props).
# The classes are made internal (protoc's internal_access option) and moved from the schema's package namespace
# `Onnx` to `NetGen.Interop.Onnx`, so NetGen's public API never exposes ONNX types.
# Usage: src/NetGen/Interop/Schema/regenerate.sh [--fetch]   (restores the tools package into a throwaway project if needed)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"

if [ "${1:-}" = "--fetch" ]; then
  deb="$(mktemp -d)"
  (cd "$deb" && apt-get download libonnx-dev >/dev/null && dpkg-deb -x libonnx-dev_*.deb root)
  cp "$deb/root/usr/include/onnx/onnx.proto" "$here/onnx.proto"
  rm -rf "$deb"
fi
version=3.36.2
packages="${NUGET_PACKAGES:-$HOME/.nuget/packages}"
tools="$packages/google.protobuf.tools/$version/tools"

if [ ! -x "$tools/linux_x64/protoc" ] && [ ! -f "$tools/linux_x64/protoc" ]; then
  scratch="$(mktemp -d)"
  trap 'rm -rf "$scratch"' EXIT
  cat > "$scratch/restore.csproj" <<PROJ
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><TargetFramework>netstandard2.0</TargetFramework><ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally></PropertyGroup>
  <ItemGroup><PackageReference Include="Google.Protobuf.Tools" Version="$version" /></ItemGroup>
</Project>
PROJ
  cp "$here/../../../../nuget.config" "$scratch/"
  dotnet restore "$scratch/restore.csproj" >/dev/null
fi

protoc="$tools/linux_x64/protoc"
chmod +x "$protoc" 2>/dev/null || true
out="$(mktemp -d)"
"$protoc" --proto_path="$here" --csharp_out="$out" --csharp_opt=internal_access "$here/onnx.proto"
sed -e 's/^namespace Onnx {/namespace NetGen.Interop.Onnx {/' \
    -e 's/global::Onnx\./global::NetGen.Interop.Onnx./g' \
    "$out/Onnx.cs" > "$here/Onnx.cs"
rm -rf "$out"
echo "wrote $here/Onnx.cs"
