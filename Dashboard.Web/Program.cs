var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();
app.Run();

/// <summary>Entry point, public for <c>WebApplicationFactory</c>.</summary>
public partial class Program;
