using MlopsPortal.Trees.Model;
using MlopsPortal.Trees.Reading;

namespace MlopsPortal.Trees.Tests.Reading;

public sealed class ModelLoaderTests
{
    public static TheoryData<string> ArtifactFiles()
    {
        var data = new TheoryData<string>();
        foreach (var m in Golden.AllModels)
        {
            foreach (var f in Golden.Artifacts(m))
            {
                data.Add(f);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ArtifactFiles))]
    public void Every_format_of_a_model_reads_to_the_same_trees_as_its_json(string file)
    {
        string model = file[..file.IndexOf('.')];
        var json = Golden.Load(model + ".json");
        var other = Golden.Load(file);
        Assert.Equal(json.Trees.Count, other.Trees.Count);
        Assert.Equal(json.NumFeatures, other.NumFeatures);
        Assert.Equal(json.Objective, other.Objective);
        Assert.Equal(json.Margin0, other.Margin0);
        for (int t = 0; t < json.Trees.Count; t++)
        {
            var a = json.Trees[t];
            var b = other.Trees[t];
            Assert.Equal(a.LeftChildren, b.LeftChildren);
            Assert.Equal(a.RightChildren, b.RightChildren);
            Assert.Equal(a.SumHessian, b.SumHessian);
            Assert.Equal(a.DefaultLeft, b.DefaultLeft);
            for (int n = 0; n < a.NodeCount; n++)
            {
                Assert.True(a.SplitConditions[n].Equals(b.SplitConditions[n]), $"tree {t} node {n}");
                if (!a.IsLeaf(n))
                {
                    Assert.Equal(a.SplitIndices[n], b.SplitIndices[n]);
                }
            }
        }
    }

    [Fact]
    public void Json_carries_names_types_attributes_and_objective()
    {
        var m = Golden.Load("pandas_names.json");
        Assert.Equal(["loan amount", "income.k", "a b.c", "rate", "x.1"], m.FeatureNames);
        Assert.Equal(ModelFormat.Json, m.SourceFormat);
        Assert.Equal(20, m.BestNTreeLimit);
        Assert.Equal(Objective.BinaryLogistic, m.Objective);

        var lab = Golden.Load("lab.tar.gz");
        Assert.Equal(ModelFormat.LegacyBinary, lab.SourceFormat);
        Assert.Null(lab.FeatureNames); // legacy binary has no names
        Assert.Equal(100, lab.BestNTreeLimit);

        Assert.Equal(Objective.RegLogistic, Golden.Load("reg_logistic.ubj").Objective);
        Assert.Equal(Objective.BinaryLogitRaw, Golden.Load("logitraw.bin").Objective);
        Assert.Equal(0.3f, Golden.Load("base_score.json").BaseScore);
        Assert.Equal(3.5f, Golden.Load("scale_pos_weight.json").ScalePosWeight);
        Assert.Equal("dart", Golden.Load("dart.json").Booster);
        var cat = Golden.Load("categorical.tar.gz");
        Assert.Equal(ModelFormat.UniversalBinaryJson, cat.SourceFormat);
        Assert.Contains(cat.Trees, t => t.HasCategoricalSplits);
        Assert.Equal("c", cat.FeatureTypes![0]);
    }

    [Fact]
    public void Pre_1_0_binary_converts_its_margin_base_score()
    {
        var old = Golden.Load("pre10.bin");
        var current = Golden.Load("base_score.json");
        Assert.Equal(ModelFormat.LegacyBinaryPre10, old.SourceFormat);
        Assert.Equal(current.Margin0, old.Margin0);
    }

    [Theory]
    [InlineData("reject_pickle.pkl", "pickle")]
    [InlineData("reject_gblinear.json", "gblinear")]
    [InlineData("reject_multiclass.json", "multi-class")]
    [InlineData("reject_nomodel.tar.gz", "no model file")]
    public void Unsupported_artifacts_are_rejected_with_a_message_naming_them(string file, string expected)
    {
        var ex = Assert.Throws<ModelFormatException>(() => Golden.Load(file));
        Assert.Contains(expected, ex.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("default.json")]
    [InlineData("default.ubj")]
    [InlineData("default.bin")]
    [InlineData("default.tar.gz")]
    public void Truncated_files_are_rejected(string file)
    {
        var bytes = File.ReadAllBytes(Golden.PathOf(file));
        foreach (double frac in new[] { 0.1, 0.5, 0.97 })
        {
            var cut = bytes.AsSpan(0, (int)(bytes.Length * frac)).ToArray();
            var ex = Assert.Throws<ModelFormatException>(() => ModelLoader.Load(cut));
            Assert.False(string.IsNullOrWhiteSpace(ex.Message));
        }
    }

    [Fact]
    public void Vector_leaves_and_garbage_are_rejected()
    {
        string json = File.ReadAllText(Golden.PathOf("base_score.json")).Replace("\"size_leaf_vector\":\"0\"", "\"size_leaf_vector\":\"2\"");
        var ex = Assert.Throws<ModelFormatException>(() => ModelLoader.Load(System.Text.Encoding.UTF8.GetBytes(json)));
        Assert.Contains("vector leaves", ex.Message);
        ex = Assert.Throws<ModelFormatException>(() => ModelLoader.Load("hello, I am a CSV\n1,2,3\n"u8.ToArray()));
        Assert.Contains("Unrecognised", ex.Message);
        Assert.Throws<ModelFormatException>(() => ModelLoader.Load(Array.Empty<byte>()));
    }

    [Fact]
    public void Base_score_spellings_are_all_accepted()
    {
        Assert.Equal(0.5f, XgboostDocumentReader.ParseBaseScore("0.500000"));
        Assert.Equal(0.5f, XgboostDocumentReader.ParseBaseScore("5E-1"));
        Assert.Equal(0.5f, XgboostDocumentReader.ParseBaseScore("[5E-1]"));
    }

    [Fact]
    public void Old_json_with_boolean_default_left_and_no_split_type_reads()
    {
        string json = File.ReadAllText(Golden.PathOf("base_score.json"));
        var doc = System.Text.Json.Nodes.JsonNode.Parse(json)!;
        foreach (var tree in doc["learner"]!["gradient_booster"]!["model"]!["trees"]!.AsArray())
        {
            var o = tree!.AsObject();
            var dl = o["default_left"]!.AsArray().Select(x => (System.Text.Json.Nodes.JsonNode?)(x!.GetValue<int>() != 0)).ToArray();
            o["default_left"] = new System.Text.Json.Nodes.JsonArray(dl);
            o.Remove("split_type");
            o.Remove("categories");
            o.Remove("categories_nodes");
            o.Remove("categories_segments");
            o.Remove("categories_sizes");
        }

        doc["learner"]!["learner_model_param"]!["base_score"] = "0.300000";
        var old = ModelLoader.Load(System.Text.Encoding.UTF8.GetBytes(doc.ToJsonString()));
        var current = Golden.Load("base_score.json");
        var x = Golden.Input("base_score");
        Assert.Equal(new Trees.Prediction.Predictor(current).PredictMargins(x), new Trees.Prediction.Predictor(old).PredictMargins(x));
    }
}
