// Shim over the system CBLAS and LAPACKE headers (Debian: libopenblas-dev,
// liblapacke-dev). No stable API: only Sources/ImpactCore/Matrix*.swift uses it.
#ifndef IMPACT_CLINEARALGEBRA_SHIM_H
#define IMPACT_CLINEARALGEBRA_SHIM_H
#include <cblas.h>
#include <lapacke.h>
#endif
