using System;
using System.Collections.Generic;
using System.Linq;

namespace NetGen.Generator.Emitting;

/// <summary>
/// Writes a kernel once per hardware vector width (<c>Vector512/256/128.IsHardwareAccelerated</c> are JIT-time
/// constants, so only one branch survives) plus a portable fallback. Widths whose code is the same text share one
/// branch, tested on the narrowest of them (a wider accelerated width implies the narrower ones); when no width uses
/// a vector, the code is written once without a test.
/// </summary>
internal static class WidthDispatch
{
    public static void Emit(SourceWriter w, IEnumerable<KernelWidth> widths, Action<SourceWriter, KernelWidth> body, Action<SourceWriter> portable)
    {
        var branches = new List<(int Bits, string Text, bool Vectors)>();
        foreach (var width in widths)
        {
            string text = w.Capture(inner =>
            {
                inner.Indent();
                body(inner, width);
            });
            if (branches.Count > 0 && branches[branches.Count - 1].Text == text)
                branches[branches.Count - 1] = (width.Bits, text, branches[branches.Count - 1].Vectors);
            else branches.Add((width.Bits, text, width.UsesVectors));
        }
        if (branches.Count == 0) return;
        if (branches.Count == 1 && !branches[0].Vectors)
        {
            // Scalars only: every width runs the same code, which needs no hardware test and no fallback.
            body(w, widths.First());
            return;
        }
        string keyword = "if";
        foreach (var branch in branches)
        {
            w.Line($"{keyword} ({Aliases.Intrinsic(branch.Bits)}.IsHardwareAccelerated)");
            w.Line("{");
            w.Raw(branch.Text);
            w.Line("}");
            keyword = "else if";
        }
        using (w.Block("else")) portable(w);
    }
}
