namespace Silo;

/// <summary>Hands out references to grains; a reference is cheap and activates the grain on its first call.</summary>
public interface IGrainFactory
{
    /// <summary>A reference to the grain of interface <typeparamref name="TGrainInterface"/> with the key <paramref name="primaryKey"/>.</summary>
    TGrainInterface GetGrain<TGrainInterface>(string primaryKey)
        where TGrainInterface : IGrainWithStringKey;
}
