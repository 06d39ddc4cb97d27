namespace MlopsPortal.Core.Data;

/// <summary>An upload larger than a configured limit; the message names the limit and the setting. The API answers 413.</summary>
public sealed class ImportLimitExceededException(string message) : Exception(message);
