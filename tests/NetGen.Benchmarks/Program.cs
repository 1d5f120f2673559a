using BenchmarkDotNet.Running;
using NetGen.Benchmarks;

// dotnet run -c Release --project tests/NetGen.Benchmarks -- --filter '*'      full BenchmarkDotNet run
// dotnet run -c Release --project tests/NetGen.Benchmarks -- --smoke [text]   quick in-process ratio table
// dotnet run -c Release --project tests/NetGen.Benchmarks -- --ratios [part]   training ratios of issue 13, interleaved (fit, threads, cold, infer)
// dotnet run -c Release --project tests/NetGen.Benchmarks -- --validate       baseline correctness checks
if (args.Length > 0 && args[0] == "--validate") return Validation.Run();
if (args.Length > 0 && args[0] == "--ratios") return Ratios.Run(args);
if (args.Length > 0 && args[0] == "--smoke") return Smoke.RunInFreshProcess(args);

BenchmarkSwitcher.FromAssembly(typeof(Smoke).Assembly).Run(args);
return 0;
