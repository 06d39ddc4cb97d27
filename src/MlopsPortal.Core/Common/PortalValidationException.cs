namespace MlopsPortal.Core.Common;

/// <summary>Bad input: the message names what is wrong. The API answers 400 with it; nothing was changed.</summary>
public class PortalValidationException(string message) : Exception(message);

/// <summary>A named thing does not exist (table, model, version, alias…). The API answers 404.</summary>
public class PortalNotFoundException(string message) : Exception(message);
