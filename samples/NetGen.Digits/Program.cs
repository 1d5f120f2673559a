using NetGen.Digits;

using var cts = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true; // let the app stop cleanly and exit 130
    cts.Cancel();
};
return DigitsApp.Run(args, Console.Out, Console.Error, cts.Token);
