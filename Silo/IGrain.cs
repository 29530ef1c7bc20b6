namespace Silo;

/// <summary>Marker for a grain interface, as in Orleans.</summary>
public interface IGrain;

/// <summary>A grain addressed by a string key, as in Orleans.</summary>
public interface IGrainWithStringKey : IGrain;
