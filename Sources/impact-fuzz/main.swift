// libFuzzer driver for the fuzz targets of ImpactFuzzTargets (csv, xlsx,
// partial, config). The target is chosen by `--target NAME` (removed before
// the arguments reach libFuzzer) or the environment variable
// IMPACT_FUZZ_TARGET; the default is csv.
//
// Build and run (see `make fuzz`, which runs every target in turn):
//   swift build -c debug --scratch-path .build-fuzz --product impact-fuzz \
//     -Xswiftc -sanitize=fuzzer -Xswiftc -sanitize=address \
//     -Xswiftc -sanitize-coverage=edge,inline-8bit-counters,pc-table,trace-cmp -Xswiftc -DFUZZING
//   SWIFT_BACKTRACE=enable=no ASAN_OPTIONS=detect_leaks=0 .build-fuzz/debug/impact-fuzz --target xlsx \
//     CORPUS SEEDS -dict=SEEDS.dict -max_total_time=600   (-max_len: the target's, unless given)
//
// SwiftPM links executables with `--defsym main=<module>_main`, so libFuzzer's
// own `main` cannot be used: this file calls `LLVMFuzzerRunDriver` itself.
// Per process, not per input: the target is chosen and one scratch folder
// (in /dev/shm) is made; it is removed at exit.
#if FUZZING
  import Foundation
  import ImpactFuzzTargets

  /// The chosen target and its scratch folder (read by the C callback).
  final class FuzzSession: Sendable {
    let target: FuzzTarget
    let scratch: FuzzScratch

    init(target: FuzzTarget, scratch: FuzzScratch) {
      self.target = target
      self.scratch = scratch
    }
  }

  let selection = FuzzTarget.select(
    arguments: CommandLine.arguments, environment: ProcessInfo.processInfo.environment)
  guard let target = selection.target else {
    let names = FuzzTarget.allCases.map(\.rawValue).joined(separator: ", ")
    FileHandle.standardError.write(Data("impact-fuzz: unknown target '\(selection.name)' (targets: \(names))\n".utf8))
    exit(2)
  }
  // Child processes (libFuzzer's -fork, -merge) get argv without --target:
  // they learn the target from the environment.
  setenv("IMPACT_FUZZ_TARGET", target.rawValue, 1)
  guard let scratch = FuzzScratch() else {
    FileHandle.standardError.write(Data("impact-fuzz: cannot create a scratch folder\n".utf8))
    exit(2)
  }
  let session = FuzzSession(target: target, scratch: scratch)
  atexit { session.scratch.removeAll() }
  FileHandle.standardError.write(
    Data("impact-fuzz: target \(target.rawValue) (max_len \(target.maxLength)), scratch \(scratch.directory)\n".utf8))

  @_cdecl("LLVMFuzzerTestOneInput")
  public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    if let violation = session.target.run(bytes, scratch: session.scratch) {
      FileHandle.standardError.write(Data("invariant violated (\(session.target.rawValue)): \(violation)\n".utf8))
      abort()
    }
    return 0
  }

  @_silgen_name("LLVMFuzzerMutate")
  func LLVMFuzzerMutate(_ data: UnsafeMutablePointer<UInt8>?, _ size: Int, _ maxSize: Int) -> Int

  /// Half of the mutations keep the input's structure (StructuredMutator:
  /// partials' JSON, CSV fields); the rest are libFuzzer's own.
  @_cdecl("LLVMFuzzerCustomMutator")
  public func mutateOne(_ data: UnsafeMutablePointer<UInt8>?, _ size: Int, _ maxSize: Int, _ seed: CUnsignedInt)
    -> Int
  {
    if seed & 1 == 0, let data,
      let out = StructuredMutator.mutate(
        Array(UnsafeBufferPointer(start: data, count: size)), target: session.target, seed: seed >> 1,
        maxSize: maxSize)
    {
      out.withUnsafeBufferPointer { p in
        if let base = p.baseAddress { data.update(from: base, count: out.count) }
      }
      return out.count
    }
    return LLVMFuzzerMutate(data, size, maxSize)
  }

  @_silgen_name("LLVMFuzzerRunDriver")
  func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
  ) -> CInt

  // The target's -max_len unless one is given; libFuzzer keeps pointers
  // into argv for the whole run: copies that are never freed.
  var arguments = selection.rest
  if !arguments.contains(where: { $0.hasPrefix("-max_len=") }) { arguments.append("-max_len=\(target.maxLength)") }
  let vector = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: arguments.count + 1)
  for (i, a) in arguments.enumerated() { vector[i] = strdup(a) }
  vector[arguments.count] = nil
  var argc = CInt(arguments.count)
  var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = vector
  exit(LLVMFuzzerRunDriver(&argc, &argv, fuzzOne))
#else
  print(
    "impact-fuzz: build with -Xswiftc -sanitize=fuzzer -Xswiftc -DFUZZING (see `make fuzz`); targets: csv, xlsx, partial, config"
  )
#endif
