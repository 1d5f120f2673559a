#!/usr/bin/env bash
# build-cost.sh REPO OUT: the build-cost measurement of BENCHMARKS.md. Makes a console project with 30 networks of
# mixed sizes that uses NetGen from REPO (project references), builds it, then times three rebuilds after an edit to
# an unrelated file. Run it for two checkouts (e.g. a git worktree of an older commit) back to back.
set -e
repo=$(cd "$1" && pwd); out=$2
rm -rf "$out"; mkdir -p "$out"
cat > "$out/BuildCost.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework><Nullable>enable</Nullable><ImplicitUsings>enable</ImplicitUsings>
  <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally></PropertyGroup>
  <ItemGroup>
    <ProjectReference Include="$repo/src/NetGen/NetGen.csproj" />
    <ProjectReference Include="$repo/generator/NetGen.Generator/NetGen.Generator.csproj" OutputItemType="Analyzer" ReferenceOutputAssembly="false" />
  </ItemGroup>
</Project>
XML
echo '<Project></Project>' > "$out/Directory.Build.props"
echo '<Project></Project>' > "$out/Directory.Packages.props"
acts=(Tanh Sigmoid ReLU LeakyReLU Linear)
{
  echo "using NetGen;"
  echo "namespace BuildCost;"
  for i in $(seq 0 29); do
    in=$(( (i*37) % 200 + 2 )); h1=$(( (i*53) % 96 + 4 )); h2=$(( (i*29) % 48 + 2 )); o=$(( i % 9 + 2 ))
    a=${acts[$((i % 5))]}
    echo "[Network(Loss.CrossEntropy)] [Input($in)] [Dense($h1, Activation.$a)] [Dense($h2, Activation.Tanh)] [Dense($o, Activation.Softmax)] public partial class Net$i;"
  done
} > "$out/Networks.cs"
echo 'namespace BuildCost; public static class Unrelated { public static int Value => 1; }' > "$out/Unrelated.cs"
echo 'System.Console.WriteLine(new BuildCost.Net0().Parameters.Length + BuildCost.Unrelated.Value);' > "$out/Program.cs"
cd "$out"; dotnet build -c Release > build0.log 2>&1 || { tail -20 build0.log; exit 1; }
for k in 1 2 3; do
  echo "namespace BuildCost; public static class Unrelated { public static int Value => $k; }" > Unrelated.cs
  s=$(date +%s.%N); dotnet build -c Release --no-restore > build$k.log 2>&1; e=$(date +%s.%N)
  echo "$out edit $k: $(echo "$e - $s" | bc) s"
done
