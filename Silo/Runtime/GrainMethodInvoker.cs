using System.Linq.Expressions;
using System.Reflection;

namespace Silo.Runtime;

/// <summary>
/// Turns a call on a grain reference into a turn on the activation. Built once per interface method, so a call
/// costs a compiled delegate invocation, not reflection.
/// </summary>
internal abstract class GrainMethodInvoker
{
    public abstract object Invoke(GrainReference target, object?[] arguments);

    public static bool IsAwaitableReturn(Type returnType) =>
        returnType == typeof(Task) || returnType == typeof(ValueTask) ||
        (returnType.IsGenericType && returnType.GetGenericTypeDefinition() is var definition &&
            (definition == typeof(Task<>) || definition == typeof(ValueTask<>)));

    public static GrainMethodInvoker Create(MethodInfo method)
    {
        var returnType = method.ReturnType;
        if (returnType == typeof(Task))
        {
            return new TaskInvoker(Compile<Func<object, object?[], ValueTask>>(method, typeof(ValueTask)));
        }

        if (returnType == typeof(ValueTask))
        {
            return new ValueTaskInvoker(Compile<Func<object, object?[], ValueTask>>(method, typeof(ValueTask)));
        }

        if (!IsAwaitableReturn(returnType))
        {
            throw new InvalidOperationException($"Grain interface method {method.DeclaringType?.Name}.{method.Name} must return a task.");
        }

        var resultType = returnType.GetGenericArguments()[0];
        var invokerType = returnType.GetGenericTypeDefinition() == typeof(Task<>)
            ? typeof(TaskInvoker<>).MakeGenericType(resultType)
            : typeof(ValueTaskInvoker<>).MakeGenericType(resultType);
        return (GrainMethodInvoker)invokerType.GetMethod(nameof(TaskInvoker<object>.Build), BindingFlags.Public | BindingFlags.Static)!
            .Invoke(null, [method])!;
    }

    /// <summary>Compiles <c>(grain, args) =&gt; new ValueTask(((I)grain).M((T0)args[0], ...))</c>.</summary>
    protected static TDelegate Compile<TDelegate>(MethodInfo method, Type valueTaskType)
        where TDelegate : Delegate
    {
        var grain = Expression.Parameter(typeof(object), "grain");
        var arguments = Expression.Parameter(typeof(object?[]), "arguments");
        var parameters = method.GetParameters()
            .Select((p, i) => Expression.Convert(Expression.ArrayIndex(arguments, Expression.Constant(i)), p.ParameterType));
        Expression body = Expression.Call(Expression.Convert(grain, method.DeclaringType!), method, parameters);
        if (body.Type != valueTaskType)
        {
            body = Expression.New(valueTaskType.GetConstructor([body.Type])!, body);
        }

        return Expression.Lambda<TDelegate>(body, grain, arguments).Compile();
    }

    private sealed class TaskInvoker(Func<object, object?[], ValueTask> call) : GrainMethodInvoker
    {
        public override object Invoke(GrainReference target, object?[] arguments) => GrainRuntime.CallAsync(target, call, arguments);
    }

    private sealed class ValueTaskInvoker(Func<object, object?[], ValueTask> call) : GrainMethodInvoker
    {
        public override object Invoke(GrainReference target, object?[] arguments) =>
            new ValueTask(GrainRuntime.CallAsync(target, call, arguments));
    }

    private sealed class TaskInvoker<T>(Func<object, object?[], ValueTask<T>> call) : GrainMethodInvoker
    {
        public static TaskInvoker<T> Build(MethodInfo method) =>
            new TaskInvoker<T>(Compile<Func<object, object?[], ValueTask<T>>>(method, typeof(ValueTask<T>)));

        public override object Invoke(GrainReference target, object?[] arguments) => GrainRuntime.CallAsync(target, call, arguments);
    }

    private sealed class ValueTaskInvoker<T>(Func<object, object?[], ValueTask<T>> call) : GrainMethodInvoker
    {
        public static ValueTaskInvoker<T> Build(MethodInfo method) =>
            new ValueTaskInvoker<T>(Compile<Func<object, object?[], ValueTask<T>>>(method, typeof(ValueTask<T>)));

        public override object Invoke(GrainReference target, object?[] arguments) =>
            new ValueTask<T>(GrainRuntime.CallAsync(target, call, arguments));
    }
}
