// The runtime's enums (src/NetGen/Declaration/Enums.cs) are compiled into the generator, in NetGen.Generator.Model;
// the generator names them with these aliases. One definition: nothing to mirror when a member is added.
global using ActivationKind = NetGen.Generator.Model.Activation;
global using InitializerKind = NetGen.Generator.Model.Initializer;
global using LossKind = NetGen.Generator.Model.Loss;
global using ShapeKind = NetGen.Generator.Model.CodeShape;
