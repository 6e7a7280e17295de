// libFuzzer target for the CSV reader and the codebook parser.
//
// Build and run (see `make fuzz`):
//   swift build -c debug --scratch-path .build-fuzz --product impact-fuzz \
//     -Xswiftc -sanitize=fuzzer -Xswiftc -sanitize=address -Xswiftc -DFUZZING
//   SWIFT_BACKTRACE=enable=no .build-fuzz/debug/impact-fuzz CORPUS -max_total_time=600
//
// SwiftPM links executables with `--defsym main=<module>_main`, so libFuzzer's
// own `main` cannot be used: this file calls `LLVMFuzzerRunDriver` itself.
#if FUZZING
  import Foundation
  import ImpactIngest

  let scratch = "/dev/shm/impact-fuzz-\(getpid()).csv"

  @_cdecl("LLVMFuzzerTestOneInput")
  public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    if let violation = FuzzHarness.run(bytes, scratch: scratch) {
      FileHandle.standardError.write(Data("invariant violated: \(violation)\n".utf8))
      abort()
    }
    return 0
  }

  @_silgen_name("LLVMFuzzerRunDriver")
  func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
  ) -> CInt

  var argc = CommandLine.argc
  var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
  exit(LLVMFuzzerRunDriver(&argc, &argv, fuzzOne))
#else
  print("impact-fuzz: build with -Xswiftc -sanitize=fuzzer -Xswiftc -DFUZZING (see `make fuzz`)")
#endif
