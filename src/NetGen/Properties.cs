using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("NetGen.Tests")]
