using System.Globalization;
using NetGen.Samples.Iris;

// Classifies an iris from its four measurements (cm) with weights compiled into the program:
//   dotnet run --project samples/NetGen.Iris -- 5.1 3.5 1.4 0.2
// Retrain and rewrite the weights file (then rebuild to bake the new weights):
//   dotnet run --project samples/NetGen.Iris -- --train ../shared/data/uci/iris.csv
return IrisApp.Run(args, Console.Out, Console.Error);
