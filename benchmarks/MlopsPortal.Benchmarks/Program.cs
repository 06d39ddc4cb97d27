using BenchmarkDotNet.Running;
using MlopsPortal.Benchmarks.Monitoring;

if (args.Length >= 2 && args[0] == "monitor-refresh")
    return await MonitorRefreshBench.RunAsync(args);

BenchmarkSwitcher.FromAssembly(typeof(MonitorRefreshBench).Assembly).Run(args);
return 0;
