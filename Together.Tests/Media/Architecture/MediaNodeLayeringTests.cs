using System.Reflection;
using System.Reflection.Emit;
using Together.MediaNode;

namespace Together.Tests.Media.Architecture;

/// <summary>
/// DESIGN §6: the node's folders are layers, each knowing only the ones below it — Transport ← Host ← Sfu ←
/// Signaling ← Control. Read from the compiled assembly (signatures, fields, locals and every type, method and field
/// an IL instruction names), so a reference hidden in a method body counts too.
/// </summary>
public sealed class MediaNodeLayeringTests
{
    private const string Root = "Together.MediaNode";

    public static TheoryData<string, string[]> Rules => new()
    {
        { "Transport", ["Host", "Sfu", "Signaling", "Control", "Probe"] },
        { "Host", ["Sfu", "Signaling", "Control", "Probe"] },
        { "Sfu", ["Host", "Signaling", "Control", "Probe"] },
        { "Signaling", ["Control", "Probe"] },
    };

    [Theory]
    [MemberData(nameof(Rules))]
    public void A_layer_references_nothing_above_it(string layer, string[] above)
    {
        var violations = (
            from type in typeof(MediaNodeOptions).Assembly.GetTypes()
            where LayerOf(type) == layer
            from referenced in References(type)
            let target = LayerOf(referenced)
            where target is not null && above.Contains(target)
            select $"{type.FullName} -> {referenced.FullName}")
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.True(violations.Count == 0, $"{layer} must not know {string.Join(", ", above)}:\n{string.Join("\n", violations)}");
    }

    [Fact]
    public void The_scan_sees_references_inside_method_bodies()
    {
        Assert.Contains(References(typeof(MediaNodeExtensions)), t => LayerOf(t) == "Control");
    }

    private static string? LayerOf(Type type)
    {
        var ns = type.Namespace ?? "";
        if (!ns.StartsWith(Root + ".", StringComparison.Ordinal))
        {
            return null;
        }

        var rest = ns[(Root.Length + 1)..];
        var dot = rest.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? rest : rest[..dot];
    }

    private const BindingFlags Everything =
        BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    private static HashSet<Type> References(Type type)
    {
        var found = new HashSet<Type>();
        void Add(Type? t)
        {
            if (t is null || t.IsGenericParameter || !found.Add(t))
            {
                return;
            }

            if (t.HasElementType)
            {
                Add(t.GetElementType());
            }

            if (t.IsGenericType)
            {
                foreach (var argument in t.GetGenericArguments())
                {
                    Add(argument);
                }
            }
        }

        Add(type.BaseType);
        foreach (var i in type.GetInterfaces())
        {
            Add(i);
        }

        foreach (var field in type.GetFields(Everything))
        {
            Add(field.FieldType);
        }

        foreach (var property in type.GetProperties(Everything))
        {
            Add(property.PropertyType);
        }

        foreach (var method in type.GetMethods(Everything).Cast<MethodBase>().Concat(type.GetConstructors(Everything)))
        {
            if (method is MethodInfo info)
            {
                Add(info.ReturnType);
            }

            foreach (var parameter in method.GetParameters())
            {
                Add(parameter.ParameterType);
            }

            var body = method.GetMethodBody();
            if (body is null)
            {
                continue;
            }

            foreach (var local in body.LocalVariables)
            {
                Add(local.LocalType);
            }

            foreach (var token in OperandTokens(body.GetILAsByteArray() ?? []))
            {
                try
                {
                    switch (method.Module.ResolveMember(token, SafeGenericArguments(type), SafeGenericArguments(method)))
                    {
                        case Type t:
                            Add(t);
                            break;
                        case MemberInfo member:
                            Add(member.DeclaringType);
                            if (member is MethodInfo called)
                            {
                                Add(called.ReturnType);
                            }
                            else if (member is FieldInfo field)
                            {
                                Add(field.FieldType);
                            }

                            break;
                    }
                }
                catch (ArgumentException)
                {
                    // A token that is not a member (a string, a signature): nothing to check.
                }
            }
        }

        return found;
    }

    private static Type[]? SafeGenericArguments(Type type) => type.IsGenericType ? type.GetGenericArguments() : null;

    private static Type[]? SafeGenericArguments(MethodBase method) =>
        method.IsGenericMethod ? method.GetGenericArguments() : null;

    private static readonly Dictionary<short, OpCode> OpCodes = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    /// <summary>The metadata tokens of the instructions whose operand names a type, method or field.</summary>
    private static List<int> OperandTokens(byte[] il)
    {
        var tokens = new List<int>();
        var position = 0;
        while (position < il.Length)
        {
            short value = il[position++];
            if (value == 0xFE)
            {
                value = (short)(0xFE00 | il[position++]);
            }

            var opCode = OpCodes[value];
            switch (opCode.OperandType)
            {
                case OperandType.InlineMethod or OperandType.InlineField or OperandType.InlineType or OperandType.InlineTok:
                    tokens.Add(BitConverter.ToInt32(il, position));
                    position += 4;
                    break;
                case OperandType.InlineNone:
                    break;
                case OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar:
                    position += 1;
                    break;
                case OperandType.InlineVar:
                    position += 2;
                    break;
                case OperandType.InlineI8 or OperandType.InlineR:
                    position += 8;
                    break;
                case OperandType.InlineSwitch:
                    position += 4 + (BitConverter.ToInt32(il, position) * 4);
                    break;
                default:
                    position += 4;
                    break;
            }
        }

        return tokens;
    }
}
