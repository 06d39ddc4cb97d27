namespace MlopsPortal.Trees.Reading;

/// <summary>The artifact is not a model the engine can read; the message names what was found.</summary>
public sealed class ModelFormatException : Exception
{
    public ModelFormatException(string message)
        : base(message)
    {
    }

    public ModelFormatException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
