namespace MlopsPortal.Trees.Model;

/// <summary>The binary objectives the engine supports.</summary>
public enum Objective
{
    /// <summary><c>binary:logistic</c>: probability = sigmoid(margin).</summary>
    BinaryLogistic,

    /// <summary><c>reg:logistic</c>: probability = sigmoid(margin).</summary>
    RegLogistic,

    /// <summary><c>binary:logitraw</c>: the output is the raw margin.</summary>
    BinaryLogitRaw,
}

/// <summary>Names and transforms of <see cref="Objective"/> values, as XGBoost spells them.</summary>
public static class Objectives
{
    public static string Name(this Objective objective) => objective switch
    {
        Objective.BinaryLogistic => "binary:logistic",
        Objective.RegLogistic => "reg:logistic",
        Objective.BinaryLogitRaw => "binary:logitraw",
        _ => throw new ArgumentOutOfRangeException(nameof(objective)),
    };

    public static bool TryParse(string name, out Objective objective)
    {
        switch (name)
        {
            case "binary:logistic": objective = Objective.BinaryLogistic; return true;
            case "reg:logistic": objective = Objective.RegLogistic; return true;
            case "binary:logitraw": objective = Objective.BinaryLogitRaw; return true;
            default: objective = default; return false;
        }
    }

    /// <summary>XGBoost's float32 sigmoid (<c>src/common/math.h</c>).</summary>
    public static float Sigmoid(float margin)
    {
        float z = MathF.Min(-margin, 88.7f);
        return 1.0f / (MathF.Exp(z) + 1.0f + 1e-16f);
    }

    /// <summary>The objective's output transform applied to a margin (identity for logitraw).</summary>
    public static float Transform(this Objective objective, float margin) =>
        objective == Objective.BinaryLogitRaw ? margin : Sigmoid(margin);

    /// <summary><c>ProbToMargin</c>: <c>-logf(1/p - 1)</c> in float32 for the logistic objectives.</summary>
    public static float ProbToMargin(float p) => -MathF.Log(1.0f / p - 1.0f);

    /// <summary>The starting margin for base_score: logit for the logistic objectives, base_score itself for logitraw (verified on 1.7.4).</summary>
    public static float Margin0(this Objective objective, float baseScore) =>
        objective == Objective.BinaryLogitRaw ? baseScore : ProbToMargin(baseScore);
}
