using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Text;

namespace MlopsPortal.Trees.Training;

/// <summary>
/// LightGBM's C API (<c>lib_lightgbm</c>, the native library the Microsoft.ML.LightGbm package brings in through the
/// LightGBM package) called directly: the library is resolved the way a <c>[DllImport]</c> would resolve it (the app's
/// deps.json native assets, then the default search) and every entry point is looked up when it loads, so a missing
/// library throws <see cref="DllNotFoundException"/> and a library without an entry point
/// <see cref="EntryPointNotFoundException"/> up front — never half-way through a training.
/// </summary>
/// <remarks>Signatures: LightGBM's <c>include/LightGBM/c_api.h</c> (v4.x). Every call returns 0 or −1 with the
/// message in <c>LGBM_GetLastError</c>.</remarks>
internal sealed unsafe class LightGbmNative
{
    /// <summary>The library name ML.NET's own LightGBM wrapper imports.</summary>
    public const string DefaultLibrary = "lib_lightgbm";

    public const int DTypeFloat32 = 0;
    public const int DTypeFloat64 = 1;
    public const int PredictNormal = 0;
    public const int PredictRawScore = 1;

    private static readonly ConcurrentDictionary<string, Lazy<LightGbmNative>> Loaded = new(StringComparer.Ordinal);

    private readonly delegate* unmanaged<IntPtr> _getLastError;
    private readonly delegate* unmanaged<void*, int, int, int, int, byte*, IntPtr, IntPtr*, int> _datasetCreateFromMat;
    private readonly delegate* unmanaged<IntPtr, byte*, void*, int, int, int> _datasetSetField;
    private readonly delegate* unmanaged<IntPtr, int> _datasetFree;
    private readonly delegate* unmanaged<IntPtr, byte*, IntPtr*, int> _boosterCreate;
    private readonly delegate* unmanaged<IntPtr, int*, int> _boosterUpdateOneIter;
    private readonly delegate* unmanaged<IntPtr, int, int, int, long, long*, byte*, int> _boosterSaveModelToString;
    private readonly delegate* unmanaged<byte*, int*, IntPtr*, int> _boosterLoadModelFromString;
    private readonly delegate* unmanaged<IntPtr, void*, int, int, int, int, int, int, int, byte*, long*, double*, int> _boosterPredictForMat;
    private readonly delegate* unmanaged<IntPtr, int> _boosterFree;

    private LightGbmNative(string library)
    {
        // OpenMP reads OMP_WAIT_POLICY when libgomp initialises, i.e. before LightGBM's first parallel region
        OpenMpWaitPolicy.Apply();
        var handle = NativeLibrary.Load(library, typeof(LightGbmNative).Assembly, null);
        _getLastError = (delegate* unmanaged<IntPtr>)Export(handle, "LGBM_GetLastError");
        _datasetCreateFromMat = (delegate* unmanaged<void*, int, int, int, int, byte*, IntPtr, IntPtr*, int>)Export(handle, "LGBM_DatasetCreateFromMat");
        _datasetSetField = (delegate* unmanaged<IntPtr, byte*, void*, int, int, int>)Export(handle, "LGBM_DatasetSetField");
        _datasetFree = (delegate* unmanaged<IntPtr, int>)Export(handle, "LGBM_DatasetFree");
        _boosterCreate = (delegate* unmanaged<IntPtr, byte*, IntPtr*, int>)Export(handle, "LGBM_BoosterCreate");
        _boosterUpdateOneIter = (delegate* unmanaged<IntPtr, int*, int>)Export(handle, "LGBM_BoosterUpdateOneIter");
        _boosterSaveModelToString = (delegate* unmanaged<IntPtr, int, int, int, long, long*, byte*, int>)Export(handle, "LGBM_BoosterSaveModelToString");
        _boosterLoadModelFromString = (delegate* unmanaged<byte*, int*, IntPtr*, int>)Export(handle, "LGBM_BoosterLoadModelFromString");
        _boosterPredictForMat = (delegate* unmanaged<IntPtr, void*, int, int, int, int, int, int, int, byte*, long*, double*, int>)Export(handle, "LGBM_BoosterPredictForMat");
        _boosterFree = (delegate* unmanaged<IntPtr, int>)Export(handle, "LGBM_BoosterFree");
        Library = library;
    }

    public string Library { get; }

    /// <summary>
    /// The loaded library, loaded once per name. Throws <see cref="DllNotFoundException"/> (or
    /// <see cref="EntryPointNotFoundException"/>, <see cref="BadImageFormatException"/>) when it cannot be used.
    /// </summary>
    public static LightGbmNative Load(string library = DefaultLibrary) =>
        Loaded.GetOrAdd(library, l => new Lazy<LightGbmNative>(() => new LightGbmNative(l))).Value;

    /// <summary>Builds a dataset from row-major float32 rows (NaN = missing) and 0/1 labels.</summary>
    public IntPtr CreateDataset(float[] rows, float[] labels, int numFeatures, string parameters)
    {
        IntPtr dataset = 0;
        var p = Utf8(parameters);
        fixed (float* x = rows)
        fixed (float* y = labels)
        fixed (byte* ps = p)
        fixed (byte* field = "label\0"u8)
        {
            Check(_datasetCreateFromMat(x, DTypeFloat32, labels.Length, numFeatures, 1, ps, 0, &dataset));
            try
            {
                Check(_datasetSetField(dataset, field, y, labels.Length, DTypeFloat32));
            }
            catch
            {
                _ = _datasetFree(dataset);
                throw;
            }
        }

        return dataset;
    }

    public void FreeDataset(IntPtr dataset)
    {
        if (dataset != 0)
        {
            _ = _datasetFree(dataset);
        }
    }

    public IntPtr CreateBooster(IntPtr dataset, string parameters)
    {
        IntPtr booster = 0;
        fixed (byte* ps = Utf8(parameters))
        {
            Check(_boosterCreate(dataset, ps, &booster));
        }

        return booster;
    }

    /// <summary>One boosting round; true when LightGBM cannot split any further (no tree was added).</summary>
    public bool UpdateOneIteration(IntPtr booster)
    {
        int finished = 0;
        Check(_boosterUpdateOneIter(booster, &finished));
        return finished != 0;
    }

    /// <summary>The model in LightGBM's text format (LGBM_BoosterSaveModelToString, all iterations).</summary>
    public string SaveModelToString(IntPtr booster)
    {
        long length = 0;
        var buffer = new byte[4 << 20];
        fixed (byte* b = buffer)
        {
            Check(_boosterSaveModelToString(booster, 0, -1, 0, buffer.Length, &length, b));
        }

        if (length > buffer.Length)
        {
            buffer = new byte[length];
            fixed (byte* b = buffer)
            {
                Check(_boosterSaveModelToString(booster, 0, -1, 0, buffer.Length, &length, b));
            }
        }

        int end = (int)Math.Max(0, length - 1); // out_len counts the terminating NUL
        return Encoding.UTF8.GetString(buffer, 0, end);
    }

    /// <summary>LightGBM's own predictions (probabilities, or raw scores) of a model in its text format.</summary>
    public double[] Predict(string modelText, float[] rows, int numFeatures, bool rawScore, int threads)
    {
        int count = rows.Length / numFeatures;
        var result = new double[count];
        if (count == 0)
        {
            return result;
        }

        IntPtr booster = 0;
        int iterations = 0;
        fixed (byte* model = Utf8(modelText))
        {
            Check(_boosterLoadModelFromString(model, &iterations, &booster));
        }

        try
        {
            long length = 0;
            fixed (float* x = rows)
            fixed (double* r = result)
            fixed (byte* ps = Utf8(threads > 0 ? "num_threads=" + threads : ""))
            {
                Check(_boosterPredictForMat(booster, x, DTypeFloat32, count, numFeatures, 1, rawScore ? PredictRawScore : PredictNormal, 0, -1, ps, &length, r));
            }

            if (length != count)
            {
                throw new InvalidOperationException($"LightGBM returned {length} predictions for {count} rows.");
            }
        }
        finally
        {
            FreeBooster(booster);
        }

        return result;
    }

    public void FreeBooster(IntPtr booster)
    {
        if (booster != 0)
        {
            _ = _boosterFree(booster);
        }
    }

    private void Check(int code)
    {
        if (code != 0)
        {
            string message = Marshal.PtrToStringUTF8(_getLastError()) ?? "unknown error";
            throw new InvalidOperationException("LightGBM: " + message);
        }
    }

    private static IntPtr Export(IntPtr library, string name) =>
        NativeLibrary.TryGetExport(library, name, out var address)
            ? address
            : throw new EntryPointNotFoundException($"The LightGBM library has no entry point {name}.");

    private static byte[] Utf8(string s)
    {
        var bytes = new byte[Encoding.UTF8.GetByteCount(s) + 1];
        Encoding.UTF8.GetBytes(s, bytes);
        return bytes;
    }
}
