namespace Grains.Organisation;

/// <summary>An organisation file that cannot be used; the message names the problem and where it is.</summary>
public sealed class OrganisationFileException(string message, Exception? innerException = null)
    : Exception(message, innerException);
