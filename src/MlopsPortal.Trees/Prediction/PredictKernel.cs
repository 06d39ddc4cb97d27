namespace MlopsPortal.Trees.Prediction;

/// <summary>Which tree-walk kernel a <see cref="Predictor"/> uses. Both give bit-identical margins.</summary>
public enum PredictKernel
{
    /// <summary>AVX2 when the CPU has it, unless the environment variable <c>MLOPS_PREDICT_SIMD=0</c> forces scalar.</summary>
    Auto,

    /// <summary>Eight interleaved scalar walks per row group (any CPU).</summary>
    Scalar,

    /// <summary>Eight rows per Vector256 (x64 with AVX2 only).</summary>
    Avx2,
}
