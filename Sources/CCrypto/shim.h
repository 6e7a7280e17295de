// Shim over OpenSSL's libcrypto digest API (Debian: libssl-dev), used only for
// SHA-256 of inputs and outputs (auditable manifests). No stable API: only
// Sources/ImpactCore/SHA256.swift uses it.
#ifndef IMPACT_CCRYPTO_SHIM_H
#define IMPACT_CCRYPTO_SHIM_H
#include <openssl/evp.h>
#endif
