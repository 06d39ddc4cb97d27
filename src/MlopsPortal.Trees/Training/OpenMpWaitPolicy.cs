using System.Runtime.InteropServices;

namespace MlopsPortal.Trees.Training;

/// <summary>
/// LightGBM's native library runs on OpenMP (libgomp), whose threads spin-wait between parallel regions by default.
/// On a shared, oversubscribed server (the portal's jobs run beside web requests and other jobs) spinning threads burn
/// the cores the other threads need: measured here at 2 threads on a loaded 2-core VM, training took 58 s with
/// spinning and 14.5 s with passive waiting. So before LightGBM loads, OMP_WAIT_POLICY is set to passive in the
/// native environment — unless the operator already set it, which is respected.
/// </summary>
internal static partial class OpenMpWaitPolicy
{
    private static int _applied;

    public static void Apply()
    {
        if (Interlocked.Exchange(ref _applied, 1) == 1 || !OperatingSystem.IsLinux() || Environment.GetEnvironmentVariable("OMP_WAIT_POLICY") is not null)
        {
            return;
        }

        try
        {
            // .NET's Environment.SetEnvironmentVariable does not reach the native environment libgomp reads with getenv
            _ = SetEnv("OMP_WAIT_POLICY", "passive", 0);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // not glibc-like: leave OpenMP's default
        }
    }

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SetEnv(string name, string value, int overwrite);
}
