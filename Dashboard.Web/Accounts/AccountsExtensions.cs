using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using Storage;

namespace Dashboard.Web.Accounts;

/// <summary>Registration of accounts, authentication (cookie, bearer, and the policy scheme choosing between them) and authorization.</summary>
public static class AccountsExtensions
{
    /// <summary>The default scheme: bearer when the request carries a token, else the cookie.</summary>
    public const string PolicySchemeName = "GridPulse";

    /// <summary>The authorization policy of the admin API and page.</summary>
    public const string AdminPolicy = "admin";

    /// <summary>The authorization policy of the cases desk: leaders and administrators, who act on cases.</summary>
    public const string DeskPolicy = "desk";

    /// <summary>The cookie's name.</summary>
    public const string CookieName = "gridpulse";

    /// <summary>The header that carries the antiforgery token of form posts.</summary>
    public const string AntiforgeryHeader = "X-CSRF-TOKEN";

    /// <summary>
    /// Adds the account store (in PostgreSQL when <c>--postgres</c> is set, following the other nodes' changes; else
    /// SQLite in the data directory), the schemes, the fallback policy (every endpoint requires a signed-in user unless it
    /// allows anonymous ones), the admin policy, antiforgery and the first-run accounts. <c>GRIDPULSE_ADMIN_TOKEN</c>
    /// becomes <see cref="AccountOptions.AdminToken"/> when the configuration does not set it otherwise.
    /// </summary>
    public static WebApplicationBuilder AddGridPulseAccounts(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (builder.Configuration[AccountOptions.AdminTokenKey] is null
            && Environment.GetEnvironmentVariable(AccountOptions.AdminTokenVariable) is { Length: > 0 } adminToken)
        {
            builder.Configuration.AddInMemoryCollection([new(AccountOptions.AdminTokenKey, adminToken)]);
        }

        builder.Services.AddOptions<AccountOptions>()
            .BindConfiguration(AccountOptions.SectionName)
            .Validate(
                options => options.AdminToken is null || options.AdminToken.Length >= AccountOptions.MinAdminTokenLength,
                $"{AccountOptions.AdminTokenVariable}（{AccountOptions.AdminTokenKey}）至少需要 {AccountOptions.MinAdminTokenLength} 个字符。"
                + $" The admin token needs at least {AccountOptions.MinAdminTokenLength} characters.")
            .ValidateOnStart();
        builder.Services.AddSingleton<CredentialRevocations>();
        builder.Services.AddSingleton<IAccountDatabase>(provider => provider.GetRequiredService<IConfiguration>().PostgresConnectionString() is { } postgres
            // The waits between attempts to listen again are the wall clock's, whatever clock the product runs on.
            ? new PostgresAccountDatabase(postgres, TimeProvider.System, provider.GetRequiredService<ILogger<PostgresAccountDatabase>>())
            : new SqliteAccountDatabase(provider.GetRequiredService<IOptions<StorageOptions>>().Value.DataDirectory));
        builder.Services.AddSingleton<AccountStore>();
        builder.Services.AddSingleton<Onboarding>();
        builder.Services.AddHostedService<AccountChangeFollower>();
        builder.Services.AddSingleton<SignInNotices>();
        builder.Services.AddSingleton<SignInLockout>();
        builder.Services.AddHostedService<AccountBootstrap>();
        builder.Services.AddSingleton<SessionCookieEvents>();

        builder.Services.AddAuthentication(PolicySchemeName)
            .AddPolicyScheme(PolicySchemeName, PolicySchemeName, options => options.ForwardDefaultSelector = context =>
                GridPulseTokenHandler.HasToken(context.Request) ? GridPulseTokenHandler.SchemeName : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddScheme<AuthenticationSchemeOptions, GridPulseTokenHandler>(GridPulseTokenHandler.SchemeName, null)
            .AddCookie(options =>
            {
                options.Cookie.Name = CookieName;
                options.Cookie.HttpOnly = true;
                // Lax, not Strict: a display link or sign-in link opened from another site must arrive signed in
                // after its redirect; cross-site posts still carry no cookie, and form posts need the antiforgery token.
                options.Cookie.SameSite = SameSiteMode.Lax;
                options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.LoginPath = SignInEndpoints.SignInPath;
                options.ReturnUrlParameter = "returnUrl";
                options.ExpireTimeSpan = SignInEndpoints.SessionLifetime;
                options.SlidingExpiration = true;
                options.EventsType = typeof(SessionCookieEvents);
            });
        builder.Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(AdminPolicy, policy => policy.RequireRole(Roles.Admin))
            .AddPolicy(DeskPolicy, policy => policy.RequireRole(Roles.Admin, Roles.Leader));
        builder.Services.AddAntiforgery(options => options.HeaderName = AntiforgeryHeader);
        return builder;
    }
}
