using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Orleans.Serialization;
using StackExchange.Redis;
using Storage;

namespace Silo.Hosting;

/// <summary>
/// The cluster settings of a silo or a client, checked once at start: ports, and in cluster mode (<c>--redis</c>)
/// the Redis server of Orleans' membership (reachable now), the shared PostgreSQL store (a cluster's grains read their
/// history from the same log the web nodes write) and the advertised address.
/// </summary>
public sealed class GridPulseCluster
{
    /// <summary>
    /// How long a silo that stopped answering probes stays in the cluster: Orleans declares it dead after this many
    /// missed probes of <see cref="ProbeTimeout"/> each, and its grains then activate on the survivors. Orleans' defaults
    /// (3 probes of 5 s, 2 votes) left a killed silo's units silent for 15 to 30 seconds; a wall must catch up within a
    /// few. A killed process refuses the probes at once, so the figure is the probe period, not a timeout.
    /// </summary>
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(2);

    private const int MissedProbesLimit = 3;

    /// <summary>
    /// How often a silo writes that it is alive to the membership table; an entry that missed <see cref="MissedAliveLimit"/>
    /// of these is stale. A silo that starts while a killed one is still listed active must reach every active silo
    /// before it joins, and only a stale entry may be declared dead by a silo not yet joined: with Orleans' defaults
    /// (30 s, 3) a silo started to replace a killed one waited 90 seconds and more; with these, about fifteen.
    /// </summary>
    private static readonly TimeSpan AliveEvery = TimeSpan.FromSeconds(5);

    private const int MissedAliveLimit = 2;

    /// <summary>
    /// How long a web node waits for a grain's answer. A request in flight through a silo's gateway when that silo dies
    /// is lost with the connection, and Orleans' client hears of it only when this expires (silos break their requests
    /// to a dead silo once it is declared dead; clients do not): with Orleans' 30 s, a wall stayed behind for half a
    /// minute. GridPulse's calls are in-memory work that answers in milliseconds; an area that activates by summing
    /// many children may take longer, and is asked again.
    /// </summary>
    private static readonly TimeSpan ClientResponseTimeout = TimeSpan.FromSeconds(10);

    private GridPulseCluster(GridPulseClusterOptions options, ConfigurationOptions? redis, IPAddress? advertisedAddress)
    {
        Options = options;
        Redis = redis;
        AdvertisedAddress = advertisedAddress;
    }

    /// <summary>The settings as configured.</summary>
    public GridPulseClusterOptions Options { get; }

    /// <summary>The Redis server of the membership; null without <c>--redis</c>.</summary>
    public ConfigurationOptions? Redis { get; }

    /// <summary>The address a silo advertises; null for Orleans' choice.</summary>
    public IPAddress? AdvertisedAddress { get; }

    /// <summary>True in cluster mode.</summary>
    public bool IsCluster => Redis is not null;

    /// <summary>Reads and checks the section <see cref="GridPulseClusterOptions.SectionName"/> of <paramref name="configuration"/>.</summary>
    /// <exception cref="StartupException">A setting cannot be used, or the Redis server cannot be reached.</exception>
    public static GridPulseCluster Read(IConfiguration configuration)
    {
        var options = configuration.GetSection(GridPulseClusterOptions.SectionName).Get<GridPulseClusterOptions>() ?? new();
        RequirePort(options.SiloPort, "--silo-port (Cluster:SiloPort)", allowZero: false);
        RequirePort(options.GatewayPort, "--gateway-port (Cluster:GatewayPort)", allowZero: true);
        if (!options.IsCluster)
        {
            return new GridPulseCluster(options, null, null);
        }

        if (string.IsNullOrWhiteSpace(configuration.GetConnectionString(StorageOptions.ConnectionStringName)))
        {
            throw new StartupException(
                "集群模式（--redis）需要共享的 PostgreSQL：请同时用 --postgres CONNSTRING 指定。"
                + " A cluster (--redis) needs the shared PostgreSQL store: pass --postgres CONNSTRING too.");
        }

        RequireName(options.ClusterId, "Cluster:ClusterId");
        RequireName(options.ServiceId, "Cluster:ServiceId");
        IPAddress? address = null;
        if (!string.IsNullOrWhiteSpace(options.AdvertisedAddress) && !IPAddress.TryParse(options.AdvertisedAddress, out address))
        {
            throw new StartupException(
                $"选项 --address（Cluster:AdvertisedAddress）的值 '{options.AdvertisedAddress}' 不是 IP 地址。"
                + $" Option --address (Cluster:AdvertisedAddress): '{options.AdvertisedAddress}' is not an IP address.");
        }

        return new GridPulseCluster(options, ConnectRedis(options.Redis!), address);
    }

    /// <summary>Joins <paramref name="silo"/> to the cluster: Redis membership, or localhost clustering on one machine.</summary>
    public void Configure(ISiloBuilder silo)
    {
        if (Redis is null)
        {
            silo.UseLocalhostClustering(Options.SiloPort, Options.GatewayPort);
            return;
        }

        silo.UseRedisClustering(redis => redis.ConfigurationOptions = Redis.Clone());
        silo.Configure<ClusterOptions>(ConfigureIds);
        silo.Configure<ExceptionSerializationOptions>(AllowStorageExceptions);
        silo.Configure<ClusterMembershipOptions>(membership =>
        {
            membership.ProbeTimeout = ProbeTimeout;
            membership.NumMissedProbesLimit = MissedProbesLimit;
            membership.IAmAliveTablePublishTimeout = AliveEvery;
            membership.NumMissedTableIAmAliveLimit = MissedAliveLimit;
        });
        silo.Configure<EndpointOptions>(endpoints =>
        {
            if (AdvertisedAddress is not null)
            {
                endpoints.AdvertisedIPAddress = AdvertisedAddress;
            }

            endpoints.SiloPort = Options.SiloPort;
            endpoints.GatewayPort = Options.GatewayPort;
            endpoints.SiloListeningEndpoint = new IPEndPoint(IPAddress.Any, Options.SiloPort);
            endpoints.GatewayListeningEndpoint = Options.GatewayPort == 0 ? null : new IPEndPoint(IPAddress.Any, Options.GatewayPort);
        });
    }

    /// <summary>
    /// Joins <paramref name="client"/> to the cluster through Redis: it finds the silos' gateways there, and looks again
    /// every few seconds, so a silo that starts or dies is seen soon. A client started before any silo waits for one.
    /// </summary>
    public void Configure(IClientBuilder client)
    {
        if (Redis is null)
        {
            throw new InvalidOperationException("Only a cluster (--redis) has clients; on one machine the web app co-hosts its silo.");
        }

        client.UseRedisClustering(redis => redis.ConfigurationOptions = Redis.Clone());
        client.Configure<ClusterOptions>(ConfigureIds);
        client.Configure<ExceptionSerializationOptions>(AllowStorageExceptions);
        client.Configure<GatewayOptions>(gateways => gateways.GatewayListRefreshPeriod = TimeSpan.FromSeconds(2));
        client.Configure<ClientMessagingOptions>(messaging => messaging.ResponseTimeout = ClientResponseTimeout);
        client.UseConnectionRetryFilter(new FirstConnection(Options).ShouldRetryAsync);
    }

    private void ConfigureIds(ClusterOptions ids)
    {
        ids.ClusterId = Options.ClusterId;
        ids.ServiceId = Options.ServiceId;
    }

    /// <summary>
    /// Lets the storage's exceptions (<see cref="StorageFullException"/>, <see cref="StorageUnavailableException"/>)
    /// cross between processes as themselves: Orleans serializes only the exceptions of .NET's own namespaces, and the
    /// web node answers 507 or 503 by their type.
    /// </summary>
    private static void AllowStorageExceptions(ExceptionSerializationOptions exceptions) =>
        exceptions.SupportedNamespacePrefixes.Add(typeof(StorageFullException).Namespace!);

    private static ConfigurationOptions ConnectRedis(string setting)
    {
        ConfigurationOptions redis;
        try
        {
            redis = ConfigurationOptions.Parse(setting);
        }
        catch (ArgumentException exception)
        {
            throw new StartupException(
                $"选项 --redis（Cluster:Redis）的值 '{setting}' 无法解析：{exception.Message}"
                + $" Option --redis (Cluster:Redis): '{setting}' is not a Redis configuration (e.g. 127.0.0.1:6379).");
        }

        var probe = redis.Clone();
        probe.AbortOnConnectFail = true;
        probe.ConnectTimeout = 5000;
        probe.ConnectRetry = 1;
        try
        {
            using var connection = ConnectionMultiplexer.Connect(probe);
            connection.GetDatabase().Ping();
        }
        catch (RedisException exception)
        {
            throw new StartupException(
                $"无法连接集群的 Redis（--redis {setting}）：{exception.Message}"
                + $" Cannot reach the cluster's Redis (--redis {setting}, Cluster:Redis): is redis-server running there?");
        }

        return redis;
    }

    private static void RequireName(string value, string key)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new StartupException($"配置 {key} 不能为空。 Setting {key} must not be empty.");
        }
    }

    private static void RequirePort(int port, string option, bool allowZero)
    {
        if (port is < 0 or > 65535 || (port == 0 && !allowZero))
        {
            throw new StartupException($"选项 {option} 的端口 {port} 无效。 Option {option}: {port} is not a usable TCP port.");
        }
    }

    /// <summary>A client's first connection: retried while silos start, for at most <see cref="Patience"/>.</summary>
    private sealed class FirstConnection(GridPulseClusterOptions options)
    {
        private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
        private readonly DateTimeOffset _giveUpAt = DateTimeOffset.UtcNow + Patience;

        public async Task<bool> ShouldRetryAsync(Exception exception, CancellationToken cancellationToken)
        {
            if (DateTimeOffset.UtcNow >= _giveUpAt)
            {
                throw new StartupException(
                    $"{Patience.TotalSeconds:0} 秒内没有连上集群 '{options.ClusterId}' 的任何网格服务节点（Redis {options.Redis}）：请先启动 Silo，且使用相同的 --redis 与 Cluster:ClusterId。"
                    + $" No silo of cluster '{options.ClusterId}' (Redis {options.Redis}) answered within {Patience.TotalSeconds:0} s: start a silo with the same --redis and Cluster:ClusterId. ({exception.Message})");
            }

            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            return true;
        }
    }
}
