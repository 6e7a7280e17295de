// Shim over libxml2 (Debian: libxml2-dev), used only for its SAX2 push parser
// (xmlCreatePushParserCtxt / xmlParseChunk) to stream the XML parts of Excel
// workbooks. No stable API: only Sources/ImpactIngest/Excel/XMLPushParser.swift
// uses it.
#ifndef IMPACT_CLIBXML2_SHIM_H
#define IMPACT_CLIBXML2_SHIM_H
#include <libxml/xmlversion.h>
// Debian builds libxml2 with ICU, whose <unicode/*.h> headers clash with the
// copy Foundation bundles (_FoundationICU) in any Swift file importing both.
// ICU only adds two converter pointers at the end of xmlCharEncodingHandler,
// a struct this project never allocates or reads, so hide it.
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/SAX2.h>
#include <libxml/xmlerror.h>
#endif
