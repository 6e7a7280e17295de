// ImpactStats: distributions, paired tests, effect sizes, multiplicity,
// reliability, reach and growth — computed from ImpactCore's mergeable
// accumulators. Never touches BLAS/LAPACK pointers directly.
