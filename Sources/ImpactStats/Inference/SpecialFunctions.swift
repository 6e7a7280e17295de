// Namespace for the regularized incomplete beta and gamma functions.
//
// Sources: see IncompleteBeta.swift (Lentz continued fraction, Numerical
// Recipes 3rd ed. §6.4; Loader 2000 saddle-point prefactor) and
// IncompleteGamma.swift (series / Legendre continued fraction, Numerical
// Recipes 3rd ed. §6.2).

/// Special functions underlying the Student t, chi-square and binomial
/// distributions. All members are pure functions of their arguments.
public enum SpecialFunctions {}
